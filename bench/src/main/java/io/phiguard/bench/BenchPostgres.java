package io.phiguard.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A throw-away PostgreSQL database {@code phiguard_bench_<random>} with the {@code items} table,
 * analysed, dropped on {@link #drop()}. Server: system properties {@code phiguard.bench.pg.url} (a
 * database to connect to for CREATE/DROP DATABASE; default {@code
 * jdbc:postgresql://127.0.0.1:5432/postgres}), {@code phiguard.bench.pg.user} (default {@code
 * postgres}) and {@code phiguard.bench.pg.password} (default empty).
 */
final class BenchPostgres {
  final Properties credentials;
  final String url;
  private final String adminUrl;
  private final String database;

  BenchPostgres() throws SQLException {
    adminUrl =
        System.getProperty("phiguard.bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    credentials =
        Drivers.credentials(
            System.getProperty("phiguard.bench.pg.user", "postgres"),
            System.getProperty("phiguard.bench.pg.password", ""));
    database = Drivers.uniqueName("phiguard_bench_");
    admin("create database " + database);
    url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
    try (Connection raw = DriverManager.getConnection(url, credentials)) {
      Drivers.createItems(raw);
      try (Statement s = raw.createStatement()) {
        s.execute("analyze items");
      }
    }
  }

  void drop() throws SQLException {
    admin("drop database if exists " + database + " with (force)");
  }

  private void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl, credentials);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
