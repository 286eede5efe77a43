package io.phiguard.it;

import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import io.phiguard.testkit.TestDatabases.Kind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** One fresh database per kind and test class, dropped after the class. */
abstract class TransparencyBase {
  private static final Map<Kind, TestDatabase> DATABASES = new EnumMap<>(Kind.class);

  static synchronized TestDatabase db(Kind kind) {
    return DATABASES.computeIfAbsent(kind, TestDatabases::create);
  }

  @AfterAll
  static synchronized void dropDatabases() {
    try {
      DATABASES.values().forEach(TestDatabase::close);
    } finally {
      DATABASES.clear();
    }
  }

  static List<String> sql(String... statements) {
    return List.of(statements);
  }

  static boolean mysqlFamily(Kind kind) {
    return kind == Kind.MARIADB || kind == Kind.MYSQL;
  }

  /** H2 folds unquoted names to upper case, the others (here) to lower case. */
  static String name(Kind kind, String lower) {
    return kind == Kind.H2 ? lower.toUpperCase(java.util.Locale.ROOT) : lower;
  }
}
