package io.phiguard.it.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import io.phiguard.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code postgres} golden cases, executed on a real PostgreSQL (see {@link GoldenRunner}). */
class GoldenCasesPostgresIT {

  /** Case name → why it is not executed. */
  private static final Map<String, String> SKIPS = Map.of();

  /** Case name → why it fails on PostgreSQL and is left for a later fix. */
  private static final Map<String, String> KNOWN_FAILURES = Map.of();

  /** A SELECT that looks a patient up by primary key. */
  private static final Pattern PK_LOOKUP =
      Pattern.compile(
          "(?is)^SELECT\\b.*\\bFROM\\s+patients\\b.*\\bWHERE\\s+(\\w+\\.)?id\\s*=\\s*\\?");

  private static final Outcomes OUTCOMES = new Outcomes("postgresql");
  private static TestDatabase db;

  @BeforeAll
  static void createAndSeed() throws SQLException {
    db = TestDatabases.create(Kind.POSTGRESQL);
    try (Connection c = db.openRaw()) {
      GoldenSchema.create(c, Kind.POSTGRESQL);
    }
  }

  @AfterAll
  static void report() {
    try {
      System.out.println(OUTCOMES.write());
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  static List<GoldenCase> cases() {
    return GoldenCase.load("postgres");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void expectedRewriteRunsAndMasks(GoldenCase c) throws Exception {
    new GoldenRunner(Kind.POSTGRESQL, db, OUTCOMES, SKIPS, KNOWN_FAILURES).run(c);
  }

  /**
   * The inline view is inlined: a lookup by primary key uses the index through the rewrite as it
   * does without it, and no Subquery Scan remains. Sequential scans are disabled for the EXPLAIN
   * (five rows would not need an index).
   */
  @Test
  void primaryKeyLookupsStillUseTheIndex() throws SQLException {
    List<GoldenCase> lookups =
        cases().stream()
            .filter(c -> c.deny() == null && c.rewritten())
            .filter(c -> PK_LOOKUP.matcher(c.input()).find())
            .toList();
    assertThat(lookups).as("cases selecting patients by primary key").isNotEmpty();
    SoftAssertions softly = new SoftAssertions();
    for (GoldenCase c : lookups) {
      String inputPlan = plan(c.input());
      String expectedPlan = plan(c.expected());
      softly
          .assertThat(inputPlan)
          .as("plan of input.sql of %s", c)
          .containsPattern("Index (Only )?Scan using patients_pkey");
      softly
          .assertThat(expectedPlan)
          .as("plan of expected.sql of %s", c)
          .containsPattern("Index (Only )?Scan using patients_pkey")
          .doesNotContain("Subquery Scan");
    }
    softly.assertAll();
  }

  private static String plan(String sql) throws SQLException {
    try (Connection c = db.openRaw()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SET LOCAL enable_seqscan = off");
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = st.executeQuery("EXPLAIN " + sql.replace("?", "1"))) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        return plan.toString();
      } finally {
        c.rollback();
      }
    }
  }

  /**
   * A locking clause on the inline view still locks the patients rows: while the rewritten {@code
   * FOR UPDATE} holds its transaction, a second connection cannot lock the same row.
   */
  @Test
  void forUpdateThroughTheInlineViewLocksThePatientRow() throws SQLException {
    List<GoldenCase> locking =
        cases().stream()
            .filter(c -> c.deny() == null && c.rewritten())
            .filter(c -> c.expected().contains("FOR UPDATE"))
            .toList();
    assertThat(locking).as("allowed cases with FOR UPDATE").isNotEmpty();
    for (GoldenCase c : locking) {
      try (Connection holder = db.openRaw();
          Connection other = db.openRaw()) {
        holder.setAutoCommit(false);
        try (var ps = holder.prepareStatement(c.expected())) {
          for (int i = 1; i <= GoldenRunner.countParameters(c.expected()); i++) {
            ps.setInt(i, i);
          }
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("%s returns the row it locks", c).isTrue();
          }
          try (Statement st = other.createStatement()) {
            assertThatThrownBy(
                    () -> st.executeQuery("SELECT id FROM patients WHERE id = 1 FOR UPDATE NOWAIT"))
                .as("%s holds the row lock of patients id 1", c)
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("55P03");
          }
        } finally {
          holder.rollback();
        }
      }
    }
  }
}
