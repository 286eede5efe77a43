package io.phiguard.bench;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

/** Connections for the benchmarks: the raw driver or the same URL behind {@code jdbc:phiguard:}. */
final class Drivers {
  /** The {@code @Param} value for the raw delegate driver. */
  static final String RAW = "raw";

  /** The {@code @Param} value for the same URL through PhiGuard. */
  static final String PHIGUARD = "phiguard";

  static final int ROWS = 1_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Drivers() {}

  /** A name no other run uses, for throw-away databases. */
  static String uniqueName(String prefix) {
    return prefix + HexFormat.of().formatHex(RANDOM.generateSeed(6));
  }

  /** Opens {@code rawUrl} directly ({@link #RAW}) or as {@code jdbc:phiguard:…}. */
  static Connection open(String driver, String rawUrl, Properties credentials) throws SQLException {
    String url =
        switch (driver) {
          case RAW -> rawUrl;
          // substring, not replace: only the leading "jdbc:" gives way to the prefix
          case PHIGUARD -> "jdbc:phiguard:" + rawUrl.substring("jdbc:".length());
          default ->
              throw new IllegalArgumentException("driver must be raw or phiguard: " + driver);
        };
    Connection connection = DriverManager.getConnection(url, credentials);
    boolean guarded = connection.getClass().getName().startsWith("io.phiguard.");
    if (guarded != PHIGUARD.equals(driver)) {
      connection.close();
      throw new IllegalStateException(url + " opened " + connection.getClass().getName());
    }
    return connection;
  }

  /** Creates {@code items(id int primary key, name varchar(64), qty bigint)} with {@link #ROWS}. */
  static void createItems(Connection raw) throws SQLException {
    try (Statement s = raw.createStatement()) {
      s.execute("create table items (id int primary key, name varchar(64) not null, qty bigint)");
    }
    try (var insert = raw.prepareStatement("insert into items values (?, ?, ?)")) {
      for (int id = 1; id <= ROWS; id++) {
        insert.setInt(1, id);
        insert.setString(2, "item-" + id);
        insert.setLong(3, id * 7L);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  static Properties credentials(String user, String password) {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return p;
  }
}
