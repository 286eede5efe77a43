package io.phiguard.it.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one golden case on its real database through the raw delegate driver.
 *
 * <p>For a case the reference decision does not deny: {@code expected.sql} must execute; when
 * {@code input.sql} also runs, both results must have the same column count, labels and JDBC types;
 * no raw PHI value of the seeded {@link Canaries} (nor its digits-only form) may appear in any
 * output column except those the decision marks for post-processing (hash, detect); and every
 * output column that does not depend on masked data must return exactly what the input returns.
 * Which input columns depend on masked data is found by running the input a second time over {@link
 * Canaries#PERTURBED} values: a column whose values change depends on them. Every statement runs in
 * its own transaction, rolled back afterwards.
 */
final class GoldenRunner {

  private static final int QUERY_TIMEOUT_SECONDS = 30;
  private static final String NULL = "<NULL>";
  private static final Pattern USER_VARIABLE = Pattern.compile("@(\\w+)\\s*:=");

  private final Kind kind;
  private final TestDatabase db;
  private final Outcomes outcomes;
  private final Map<String, String> skips;
  private final Map<String, String> knownFailures;

  /**
   * @param skips case name → why it is not executed
   * @param knownFailures case name → why it fails on this database (left for a later fix)
   */
  GoldenRunner(
      Kind kind,
      TestDatabase db,
      Outcomes outcomes,
      Map<String, String> skips,
      Map<String, String> knownFailures) {
    this.kind = kind;
    this.db = db;
    this.outcomes = outcomes;
    this.skips = skips;
    this.knownFailures = knownFailures;
  }

  void run(GoldenCase c) throws Exception {
    if (c.deny() != null) {
      // denied cases never reach a database: only the decision is checked
      assertThat(c.deny()).as("deny reason of %s", c).isNotBlank();
      outcomes.record(c, Outcomes.Status.DENIED, c.deny(), List.of());
      return;
    }
    String skip = skips.get(c.name());
    if (skip == null && !c.rewritten()) {
      skip = "allowed but has no rewrite";
    }
    if (skip != null) {
      outcomes.record(c, Outcomes.Status.SKIPPED, skip, List.of());
      Assumptions.abort(skip);
    }
    List<String> notes = new ArrayList<>();
    String known = knownFailures.get(c.name());
    try {
      check(c, notes);
    } catch (AssertionError | SQLException e) {
      if (known != null) {
        outcomes.record(
            c, Outcomes.Status.KNOWN_FAILURE, known + " [observed: " + e.getMessage() + "]", notes);
        Assumptions.abort("known failure: " + known + " [observed: " + e.getMessage() + "]");
      }
      outcomes.record(c, Outcomes.Status.FAILED, e.getMessage(), notes);
      throw e;
    }
    if (known != null) {
      outcomes.record(c, Outcomes.Status.FAILED, "listed as known failure but passes", notes);
      fail("%s is listed as a known failure (%s) but passes: remove it from the list", c, known);
    }
    outcomes.record(c, Outcomes.Status.EXECUTED, null, notes);
  }

  private void check(GoldenCase c, List<String> notes) throws SQLException {
    List<String> inputs;
    List<String> expecteds;
    try (Connection conn = db.openRaw()) {
      inputs = split(adapt(c.input(), conn, notes));
      expecteds = split(adapt(c.expected(), conn, new ArrayList<>()));
    }
    assertThat(expecteds).as("statements of expected.sql vs input.sql").hasSameSizeAs(inputs);
    if (inputs.size() > 1) {
      notes.add("multi-statement: split into " + inputs.size() + " statements, run one by one");
    }
    boolean anyDependent = false;
    boolean anyMaskedOutput = false;
    for (int i = 0; i < inputs.size(); i++) {
      Compared compared = checkStatement(c, inputs.get(i), expecteds.get(i), notes);
      anyDependent |= compared.dependentColumns();
      anyMaskedOutput |= compared.maskedOutput();
    }
    if (c.masked().isEmpty()) {
      assertThat(anyMaskedOutput)
          .as("an output column differs from the raw input, yet the decision lists no masked one")
          .isFalse();
    } else if (anyDependent) {
      assertThat(anyMaskedOutput)
          .as(
              "the decision says %s are masked, yet every output column equals the raw input",
              c.masked())
          .isTrue();
    } else {
      notes.add(
          "decision masks "
              + c.masked()
              + " but no output column depends on them with this data (e.g. empty result):"
              + " masking not observable");
    }
    try (Connection conn = db.openRaw()) {
      assertThat(GoldenSchema.fingerprint(conn))
          .as("seed data after %s", c)
          .isEqualTo(GoldenSchema.seededFingerprint());
    }
  }

  private record Compared(boolean dependentColumns, boolean maskedOutput) {}

  private Compared checkStatement(GoldenCase c, String input, String expected, List<String> notes)
      throws SQLException {
    Run out;
    try {
      out = runRolledBack(expected, false, true);
    } catch (SQLException e) {
      throw new AssertionError(
          "expected.sql fails on "
              + kind
              + ": "
              + describe(e)
              + "\n  statement: "
              + abbreviate(expected),
          e);
    }
    List<Integer> postProcessed = c.postProcessIndexes();
    List<String> leaks = new ArrayList<>(out.sideEffectLeaks());
    if (out.resultSet()) {
      for (int col = 0; col < out.columns().size(); col++) {
        if (postProcessed.contains(col + 1)) {
          continue; // hash/detect run in GuardedResultSet: raw here by design
        }
        for (String value : out.columns().get(col)) {
          for (String needle : Canaries.found(value)) {
            leaks.add(
                "column "
                    + (col + 1)
                    + " "
                    + out.labels().get(col)
                    + " = '"
                    + value
                    + "' shows '"
                    + needle
                    + "'");
          }
        }
      }
    }
    assertThat(leaks).as("raw PHI in the output of expected.sql on %s", kind).isEmpty();

    Run in;
    try {
      in = runRolledBack(input, false, false);
    } catch (SQLException e) {
      notes.add("input.sql does not run on the raw database (" + describe(e) + "): not compared");
      return new Compared(false, false);
    }
    assertThat(out.resultSet())
        .as("expected.sql returns a result set like input.sql")
        .isEqualTo(in.resultSet());
    if (!in.resultSet()) {
      assertThat(out.updateCount()).as("update count").isEqualTo(in.updateCount());
      return new Compared(false, false);
    }
    if (!c.masked().isEmpty() && rawCanaries(in, postProcessed) == 0) {
      notes.add("input.sql shows no whole canary value: leaks judged by the perturbation check");
    }
    assertThat(out.labels().size()).as("column count").isEqualTo(in.labels().size());
    boolean mysqlFamily = kind == Kind.MARIADB || kind == Kind.MYSQL;
    for (int col = 0; col < in.labels().size(); col++) {
      String inLabel = in.labels().get(col);
      String outLabel = out.labels().get(col);
      if (mysqlFamily) {
        // MySQL labels keep the case as written but compare case-insensitively
        assertThat(outLabel).as("label of column %d", col + 1).isEqualToIgnoringCase(inLabel);
      } else {
        assertThat(outLabel).as("label of column %d", col + 1).isEqualTo(inLabel);
      }
      assertThat(out.types().get(col))
          .as(
              "JDBC type of column %d %s (input %s, expected %s)",
              col + 1, inLabel, in.typeNames().get(col), out.typeNames().get(col))
          .isEqualTo(in.types().get(col));
      if (!in.typeNames().get(col).equalsIgnoreCase(out.typeNames().get(col))) {
        notes.add(
            "type name of column "
                + (col + 1)
                + " "
                + inLabel
                + ": "
                + in.typeNames().get(col)
                + " -> "
                + out.typeNames().get(col));
      }
    }
    for (int col = 0; col < in.labels().size(); col++) {
      if (!in.precisions().get(col).equals(out.precisions().get(col))) {
        notes.add(
            "precision of column "
                + (col + 1)
                + " "
                + in.labels().get(col)
                + ": "
                + in.precisions().get(col)
                + " -> "
                + out.precisions().get(col));
      }
    }
    if (input.strip().toUpperCase(Locale.ROOT).startsWith("EXPLAIN")) {
      notes.add("EXPLAIN output: plans differ by design, values not compared");
      return new Compared(false, false);
    }
    Run perturbed = runRolledBack(input, true, false);
    boolean dependent = false;
    boolean maskedOutput = false;
    for (int col = 0; col < in.columns().size(); col++) {
      List<String> raw = sorted(in.columns().get(col));
      List<String> masked = sorted(out.columns().get(col));
      boolean dependsOnMasked = !raw.equals(sorted(perturbed.columns().get(col)));
      if (postProcessed.contains(col + 1) || !dependsOnMasked) {
        assertThat(masked)
            .as(
                "column %d %s does not depend on SQL-masked data: same values as the raw input",
                col + 1, in.labels().get(col))
            .isEqualTo(raw);
      } else {
        dependent = true;
        maskedOutput |= !raw.equals(masked);
      }
    }
    return new Compared(dependent, maskedOutput);
  }

  private static int rawCanaries(Run run, List<Integer> postProcessed) {
    int count = 0;
    for (int col = 0; col < run.columns().size(); col++) {
      if (!postProcessed.contains(col + 1)) {
        for (String value : run.columns().get(col)) {
          count += Canaries.found(value).size();
        }
      }
    }
    return count;
  }

  /** The result of one statement. */
  private record Run(
      boolean resultSet,
      List<String> labels,
      List<Integer> types,
      List<String> typeNames,
      List<Integer> precisions,
      List<List<String>> columns,
      long updateCount,
      List<String> sideEffectLeaks) {}

  private Run runRolledBack(String sql, boolean perturb, boolean scanSideEffects)
      throws SQLException {
    try (Connection c = db.openRaw()) {
      c.setAutoCommit(false);
      try {
        if (perturb) {
          GoldenSchema.perturb(c);
        }
        Run run = execute(c, sql);
        if (scanSideEffects) {
          List<String> leaks = sideEffectLeaks(c, sql);
          run =
              new Run(
                  run.resultSet(),
                  run.labels(),
                  run.types(),
                  run.typeNames(),
                  run.precisions(),
                  run.columns(),
                  run.updateCount(),
                  leaks);
        }
        return run;
      } finally {
        try {
          c.rollback();
        } catch (SQLException e) {
          // the statement's own failure (if any) is the interesting one
        }
      }
    }
  }

  private static Run execute(Connection c, String sql) throws SQLException {
    int parameters = countParameters(sql);
    Statement st = parameters > 0 ? c.prepareStatement(sql) : c.createStatement();
    try (st) {
      st.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      boolean resultSet;
      if (st instanceof PreparedStatement ps) {
        // ids 1, 2, 3 …: every parameter of the golden cases compares with an id
        for (int i = 1; i <= parameters; i++) {
          ps.setInt(i, i);
        }
        resultSet = ps.execute();
      } else {
        resultSet = st.execute(sql);
      }
      if (!resultSet) {
        return new Run(
            false,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            st.getUpdateCount(),
            List.of());
      }
      try (ResultSet rs = st.getResultSet()) {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> labels = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        List<String> typeNames = new ArrayList<>();
        List<Integer> precisions = new ArrayList<>();
        List<List<String>> columns = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          labels.add(md.getColumnLabel(i));
          types.add(md.getColumnType(i));
          typeNames.add(md.getColumnTypeName(i));
          precisions.add(md.getPrecision(i));
          columns.add(new ArrayList<>());
        }
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            String value = rs.getString(i);
            columns.get(i - 1).add(value == null ? NULL : value);
          }
        }
        return new Run(true, labels, types, typeNames, precisions, columns, -1, List.of());
      }
    }
  }

  /**
   * Raw PHI that the statement copied elsewhere: into any other table of the database (INSERT …
   * SELECT, UPDATE … FROM, SELECT INTO, writable CTEs) or into a MySQL user variable.
   */
  private List<String> sideEffectLeaks(Connection c, String sql) throws SQLException {
    List<String> leaks = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    DatabaseMetaData md = c.getMetaData();
    String schema = kind == Kind.MARIADB || kind == Kind.MYSQL ? null : c.getSchema();
    try (ResultSet rs = md.getTables(c.getCatalog(), schema, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
      }
    }
    String quote = md.getIdentifierQuoteString();
    try (Statement st = c.createStatement()) {
      for (String table : tables) {
        if (table.equalsIgnoreCase("patients")) {
          continue;
        }
        try (ResultSet rs = st.executeQuery("SELECT * FROM " + quote + table + quote)) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= n; i++) {
              for (String needle : Canaries.found(rs.getString(i))) {
                leaks.add("table " + table + " now holds '" + needle + "'");
              }
            }
          }
        }
      }
      Matcher m = USER_VARIABLE.matcher(sql);
      while (m.find()) {
        try (ResultSet rs = st.executeQuery("SELECT @" + m.group(1))) {
          while (rs.next()) {
            for (String needle : Canaries.found(rs.getString(1))) {
              leaks.add("user variable @" + m.group(1) + " holds '" + needle + "'");
            }
          }
        }
      }
    }
    return leaks;
  }

  /**
   * Names that the test catalog assumes but a fresh test database cannot have: the MySQL catalog's
   * schema {@code ehr} is this run's database; the PostgreSQL role {@code bob} (roles are
   * server-wide, never created here) becomes {@code CURRENT_USER}.
   */
  private String adapt(String sql, Connection c, List<String> notes) throws SQLException {
    String adapted = sql;
    if (kind == Kind.MARIADB || kind == Kind.MYSQL) {
      adapted = adapted.replaceAll("(?i)\\behr\\b", Matcher.quoteReplacement(c.getCatalog()));
    } else if (kind == Kind.POSTGRESQL) {
      adapted = adapted.replaceAll("\\bTO bob\\b", "TO CURRENT_USER");
    }
    if (!adapted.equals(sql)) {
      notes.add("adapted to the test database: " + abbreviate(adapted));
    }
    return adapted;
  }

  /** Splits on semicolons outside quotes; blank pieces are dropped. */
  static List<String> split(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (char ch : sql.toCharArray()) {
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '\'' || ch == '"' || ch == '`') {
        quote = ch;
      } else if (ch == ';') {
        addIfNotBlank(statements, current.toString());
        current.setLength(0);
        continue;
      }
      current.append(ch);
    }
    addIfNotBlank(statements, current.toString());
    return statements;
  }

  private static void addIfNotBlank(List<String> statements, String statement) {
    if (!statement.isBlank()) {
      statements.add(statement.strip());
    }
  }

  static int countParameters(String sql) {
    int count = 0;
    char quote = 0;
    for (char ch : sql.toCharArray()) {
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '\'' || ch == '"' || ch == '`') {
        quote = ch;
      } else if (ch == '?') {
        count++;
      }
    }
    return count;
  }

  private static List<String> sorted(List<String> values) {
    List<String> copy = new ArrayList<>(values);
    copy.sort(Comparator.nullsFirst(Comparator.naturalOrder()));
    return copy;
  }

  static String describe(SQLException e) {
    return Objects.toString(e.getSQLState(), "?") + "/" + e.getErrorCode() + " " + e.getMessage();
  }

  static String abbreviate(String sql) {
    return sql.length() <= 300 ? sql : sql.substring(0, 300) + "…";
  }
}
