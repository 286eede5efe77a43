package io.phiguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.testkit.Observation;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one scenario through the delegate URL and through {@code jdbc:phiguard:} on the same fresh
 * database, each from the same clean state, and asserts that both observations are equal.
 */
final class Transparency {
  /** One scenario; it records what it sees into the observation. */
  @FunctionalInterface
  interface Scenario {
    void run(Connection connection, Observation seen) throws Exception;
  }

  /** Both sides' observations. */
  record Result(Observation raw, Observation guarded) {}

  private Transparency() {}

  /**
   * Resets the database, runs {@code setup} raw, runs {@code scenario} raw; the same again through
   * PhiGuard; asserts equality. The scenario itself must not throw: expected errors are recorded
   * with {@link Observation#attempt}.
   */
  static Result compare(TestDatabase db, List<String> setup, Scenario scenario) throws Exception {
    Observation raw = runSide(db, setup, scenario, false);
    Observation guarded = runSide(db, setup, scenario, true);
    keep(db, raw, guarded);
    assertThat(raw.lines()).as("raw observation of %s", db.kind()).isNotEmpty();
    for (String line : raw.lines()) {
      if (line.startsWith("uncaught")) {
        throw new AssertionError(
            "raw side of " + db.kind() + " did not run the scenario to its end: " + line,
            raw.exceptions().get(raw.exceptions().size() - 1));
      }
    }
    assertThat(guarded.lines())
        .as(
            "jdbc:phiguard: on %s sees what the delegate driver sees; first difference:%n%s",
            db.kind(), firstDifference(raw.lines(), guarded.lines()))
        .containsExactlyElementsOf(raw.lines());
    return new Result(raw, guarded);
  }

  /** Leaves both observations in target/ for review: what was compared, not only that it was. */
  private static void keep(TestDatabase db, Observation raw, Observation guarded) {
    String scenario =
        StackWalker.getInstance()
            .walk(
                frames ->
                    frames
                        .filter(f -> !f.getClassName().equals(Transparency.class.getName()))
                        .findFirst()
                        .map(f -> f.getMethodName())
                        .orElse("scenario"));
    Path dir = Path.of("target", "transparency-observations");
    try {
      Files.createDirectories(dir);
      String base = scenario.replaceAll("[^A-Za-z0-9]", "_") + "-" + db.kind();
      Files.write(dir.resolve(base + "-raw.txt"), raw.lines());
      Files.write(dir.resolve(base + "-guarded.txt"), guarded.lines());
    } catch (IOException e) {
      // review aid only
    }
  }

  private static String firstDifference(List<String> raw, List<String> guarded) {
    int i = 0;
    while (i < raw.size() && i < guarded.size() && raw.get(i).equals(guarded.get(i))) {
      i++;
    }
    StringBuilder sb = new StringBuilder();
    for (int k = Math.max(0, i - 2); k < i; k++) {
      sb.append("  same:    ").append(raw.get(k)).append('\n');
    }
    sb.append("  raw:     ").append(i < raw.size() ? raw.get(i) : "<end>").append('\n');
    sb.append("  guarded: ").append(i < guarded.size() ? guarded.get(i) : "<end>");
    return sb.toString();
  }

  private static Observation runSide(
      TestDatabase db, List<String> setup, Scenario scenario, boolean guarded) throws Exception {
    reset(db);
    try (Connection admin = db.openRaw();
        Statement st = admin.createStatement()) {
      for (String sql : setup) {
        st.execute(sql);
      }
    }
    Observation seen = new Observation();
    try (Connection c = guarded ? db.openGuarded() : db.openRaw()) {
      assertThat(c.getClass().getName().startsWith("io.phiguard."))
          .as("connection through %s", guarded ? "jdbc:phiguard:" : "the delegate driver")
          .isEqualTo(guarded);
      try {
        scenario.run(c, seen);
      } catch (Exception e) {
        seen.exception("uncaught", e);
      }
    }
    return seen;
  }

  /** Back to an empty database: every side starts from the same state (sequences included). */
  static void reset(TestDatabase db) throws SQLException {
    try (Connection c = db.openRaw();
        Statement st = c.createStatement()) {
      switch (db.kind()) {
        case POSTGRESQL -> {
          st.execute("DROP SCHEMA IF EXISTS public CASCADE");
          st.execute("CREATE SCHEMA public");
        }
        case MARIADB, MYSQL -> {
          String database = c.getCatalog();
          List<String> drops = new ArrayList<>();
          DatabaseMetaData md = c.getMetaData();
          try (ResultSet rs = md.getTables(database, null, "%", null)) {
            while (rs.next()) {
              String type = "VIEW".equals(rs.getString("TABLE_TYPE")) ? "VIEW" : "TABLE";
              drops.add("DROP " + type + " IF EXISTS `" + rs.getString("TABLE_NAME") + "`");
            }
          }
          try (ResultSet rs =
              st.executeQuery(
                  "SELECT routine_type, routine_name FROM information_schema.routines"
                      + " WHERE routine_schema = DATABASE()")) {
            while (rs.next()) {
              drops.add("DROP " + rs.getString(1) + " IF EXISTS `" + rs.getString(2) + "`");
            }
          }
          st.execute("SET FOREIGN_KEY_CHECKS = 0");
          for (String drop : drops) {
            st.execute(drop);
          }
          st.execute("SET FOREIGN_KEY_CHECKS = 1");
        }
        case H2 -> st.execute("DROP ALL OBJECTS");
      }
    }
  }

  static boolean isMysqlFamily(Kind kind) {
    return kind == Kind.MARIADB || kind == Kind.MYSQL;
  }
}
