package io.phiguard.testkit;

import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Testcontainers fallback, kept in its own class so that its types are loaded only when no URL is
 * given, localhost does not answer and a Docker socket exists. One container per server family and
 * JVM; Testcontainers' reaper removes it when the JVM ends.
 */
final class Containers {
  private static JdbcDatabaseContainer<?> postgres;
  private static JdbcDatabaseContainer<?> mariadb;

  private Containers() {}

  static synchronized TestDatabases.Server start(TestDatabases.Family family) {
    JdbcDatabaseContainer<?> container;
    switch (family) {
      case POSTGRESQL -> {
        if (postgres == null) {
          PostgreSQLContainer<?> c = new PostgreSQLContainer<>("postgres:15-alpine");
          c.start();
          postgres = c;
        }
        container = postgres;
      }
      case MARIADB, MYSQL -> {
        if (mariadb == null) {
          // root, so that tests may create and drop their own databases
          MariaDBContainer<?> c =
              new MariaDBContainer<>("mariadb:10.11").withUsername("root").withPassword("phiguard");
          c.start();
          mariadb = c;
        }
        container = mariadb;
      }
      default -> throw new IllegalArgumentException(family.name());
    }
    return new TestDatabases.Server(
        family == TestDatabases.Family.MYSQL ? TestDatabases.Family.MARIADB : family,
        container.getJdbcUrl(),
        container.getUsername(),
        container.getPassword());
  }
}
