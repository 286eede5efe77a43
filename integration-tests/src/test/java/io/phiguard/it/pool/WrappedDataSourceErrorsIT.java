package io.phiguard.it.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.phiguard.driver.PhiGuardConfig;
import io.phiguard.driver.PhiGuardDataSource;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.util.PSQLException;

/**
 * Failures of the data source behind {@link PhiGuardDataSource#wrap} reach the caller through the
 * same hook as every other vendor error: same JDBC type and SQLState, no vendor exception class.
 */
class WrappedDataSourceErrorsIT {
  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
  }

  @AfterAll
  static void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aVendorErrorWhileBorrowingIsRebuiltWithItsSqlState() {
    PGSimpleDataSource missing = new PGSimpleDataSource();
    missing.setURL(db.jdbcUrl() + "_missing");
    Properties credentials = db.credentials();
    missing.setUser(credentials.getProperty("user"));
    missing.setPassword(credentials.getProperty("password"));
    DataSource guarded = PhiGuardDataSource.wrap(missing, PhiGuardConfig.builder().build());

    // PSQLException would carry the server's message object past the redaction
    assertThatThrownBy(guarded::getConnection)
        .isInstanceOf(SQLException.class)
        .isNotInstanceOf(PSQLException.class)
        .hasNoCause()
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("3D000");
  }

  @Test
  void anExhaustedWrappedPoolTimesOutAsATransientConnectionError() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    Properties credentials = db.credentials();
    config.setUsername(credentials.getProperty("user"));
    config.setPassword(credentials.getProperty("password"));
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(250);
    try (HikariDataSource hikari = new HikariDataSource(config)) {
      DataSource guarded = PhiGuardDataSource.wrap(hikari, PhiGuardConfig.builder().build());
      try (Connection held = guarded.getConnection()) {
        // the type is what retry logic keys on: it must survive the rebuild
        assertThatThrownBy(guarded::getConnection)
            .isExactlyInstanceOf(SQLTransientConnectionException.class);
        assertThat(held.isValid(1)).isTrue();
      }
      try (Connection again = guarded.getConnection()) {
        assertThat(again.isValid(1)).isTrue();
      }
      assertThat(hikari.getHikariPoolMXBean().getActiveConnections()).isZero();
    }
  }
}
