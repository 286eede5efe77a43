package io.phiguard.it.golden;

import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import io.phiguard.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code h2} golden cases, executed on an in-memory H2 (see {@link GoldenRunner}). */
class GoldenCasesH2IT {

  /** Case name → why it is not executed. */
  private static final Map<String, String> SKIPS = Map.of();

  /** Case name → why it fails on H2 and is left for a later fix. */
  private static final Map<String, String> KNOWN_FAILURES = Map.of();

  private static final Outcomes OUTCOMES = new Outcomes("h2");
  private static TestDatabase db;

  @BeforeAll
  static void createAndSeed() throws SQLException {
    db = TestDatabases.create(Kind.H2);
    try (Connection c = db.openRaw()) {
      GoldenSchema.create(c, Kind.H2);
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
    return GoldenCase.load("h2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void expectedRewriteRunsAndMasks(GoldenCase c) throws Exception {
    new GoldenRunner(Kind.H2, db, OUTCOMES, SKIPS, KNOWN_FAILURES).run(c);
  }
}
