package io.phiguard.it.golden;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import io.phiguard.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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

  /** Broken rewrites that the checks must catch: proof that the checks have teeth. */
  static Stream<Arguments> brokenRewrites() {
    return Stream.of(
        Arguments.of(
            "SELECT * FROM PATIENTS", "SELECT * FROM PATIENTS", List.of("PATIENTS.SSN"), "raw PHI"),
        Arguments.of(
            "INSERT INTO STAFF (ID, NAME) SELECT ID, SSN FROM PATIENTS",
            "INSERT INTO STAFF (ID, NAME) SELECT ID, SSN FROM PATIENTS",
            List.of(),
            "table STAFF now holds"),
        Arguments.of(
            "SELECT SUBSTRING(SSN, 1, 3) FROM PATIENTS",
            "SELECT SUBSTRING(SSN, 1, 3) FROM PATIENTS",
            List.of("PATIENTS.SSN"),
            "every output column equals the raw input"),
        Arguments.of(
            "SELECT ID FROM PATIENTS",
            "SELECT ID FROM PATIENTS WHERE ID < 3",
            List.of(),
            "does not depend on SQL-masked data"),
        Arguments.of(
            "SELECT SSN FROM PATIENTS",
            "SELECT CAST('*****' AS CLOB) AS SSN FROM PATIENTS",
            List.of("PATIENTS.SSN"),
            "JDBC type of column 1"),
        Arguments.of(
            "SELECT SSN FROM PATIENTS",
            "SELECT '*****' AS MASKED_SSN FROM PATIENTS",
            List.of("PATIENTS.SSN"),
            "label of column 1"),
        Arguments.of(
            "SELECT SSN FROM PATIENTS", "SELECT SSN FROM NOSUCH", List.of(), "fails on H2"));
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("brokenRewrites")
  void checksCatchBrokenRewrites(
      String input, String expected, List<String> masked, String message) {
    GoldenCase broken =
        new GoldenCase(
            "h2", "self-check", input, expected, Map.of("kind", "SELECT", "masked", masked));
    GoldenRunner runner =
        new GoldenRunner(Kind.H2, db, new Outcomes("h2-self-check"), Map.of(), Map.of());
    assertThatThrownBy(() -> runner.run(broken)).hasMessageContaining(message);
  }
}
