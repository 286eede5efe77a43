package io.phiguard.rewrite;

import java.util.Locale;

/** The SQL dialect of a delegate database, chosen from its JDBC URL. */
public enum Dialect {
  POSTGRESQL,
  MYSQL,
  MARIADB,
  H2,
  /** A database PhiGuard has no dialect rules for; statements are still gated, never rewritten. */
  OTHER;

  /**
   * The dialect for a delegate JDBC URL such as {@code jdbc:postgresql://db/ehr}.
   *
   * @param jdbcUrl the delegate URL, without PhiGuard's prefix
   */
  public static Dialect fromJdbcUrl(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (url.startsWith("jdbc:mysql:")) {
      return MYSQL;
    }
    if (url.startsWith("jdbc:mariadb:")) {
      return MARIADB;
    }
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    return OTHER;
  }

  /** Whether backticks quote identifiers in this dialect. */
  boolean backtickQuotes() {
    return this == MYSQL || this == MARIADB;
  }

  /** Whether {@code $tag$ … $tag$} quotes strings in this dialect. */
  boolean dollarQuotes() {
    return this == POSTGRESQL;
  }
}
