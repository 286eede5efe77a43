package io.phiguard.it.golden;

import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import io.phiguard.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code mysql} golden cases, executed on the MariaDB server through MariaDB Connector/J and
 * through MySQL Connector/J (see {@link GoldenRunner}).
 */
class GoldenCasesMysqlIT {

  /** Case name → why it is not executed. */
  private static final Map<String, String> SKIPS = Map.of();

  /** Case name → why it fails on MariaDB and is left for a later fix. */
  private static final Map<String, String> KNOWN_FAILURES =
      Map.of(
          "json-object",
          "the deparsed select item JSON_OBJECT( 's', ssn ) is the column label on MySQL/MariaDB:"
              + " label changes from JSON_OBJECT('s', ssn)");

  private static final Map<Kind, TestDatabase> DATABASES = new EnumMap<>(Kind.class);
  private static final Map<Kind, Outcomes> OUTCOMES = new EnumMap<>(Kind.class);

  private static synchronized TestDatabase db(Kind kind) throws SQLException {
    TestDatabase known = DATABASES.get(kind);
    if (known != null) {
      return known;
    }
    TestDatabase db = TestDatabases.create(kind);
    DATABASES.put(kind, db);
    try (Connection c = db.openRaw()) {
      GoldenSchema.create(c, kind);
    }
    return db;
  }

  private static synchronized Outcomes outcomes(Kind kind) {
    return OUTCOMES.computeIfAbsent(kind, k -> new Outcomes("mysql-on-" + k.name()));
  }

  @AfterAll
  static synchronized void report() {
    try {
      OUTCOMES.values().forEach(o -> System.out.println(o.write()));
    } finally {
      DATABASES.values().forEach(TestDatabase::close);
      DATABASES.clear();
    }
  }

  static Stream<Arguments> cases() {
    List<GoldenCase> cases = GoldenCase.load("mysql");
    return Stream.of(Kind.MARIADB, Kind.MYSQL)
        .flatMap(kind -> cases.stream().map(c -> Arguments.of(kind, c)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void expectedRewriteRunsAndMasks(Kind kind, GoldenCase c) throws Exception {
    new GoldenRunner(kind, db(kind), outcomes(kind), SKIPS, KNOWN_FAILURES).run(c);
  }
}
