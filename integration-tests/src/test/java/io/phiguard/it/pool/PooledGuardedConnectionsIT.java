package io.phiguard.it.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.phiguard.driver.PhiGuardConfig;
import io.phiguard.driver.PhiGuardDataSource;
import io.phiguard.driver.jdbc.GuardedConnection;
import io.phiguard.policy.Identity;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * PhiGuard under HikariCP on PostgreSQL: 8 threads share a pool of 10 and run 100,000 statements
 * per pool setup, in units of work that each borrow a connection as a rotating identity.
 *
 * <p>Every setup must finish without errors and without leaking a connection. Identities are
 * checked decision by decision where a {@link io.phiguard.driver.GateListener} can be attached:
 * {@link Setup#GUARDED_IN_POOL} pools guarded connections, so one guarded connection serves many
 * threads and identities in turn (the shape of {@link Setup#JDBC_URL} and {@link
 * Setup#DATA_SOURCE_CLASS_NAME}, whose gates take no listener); {@link Setup#POOL_WRAPPED} guards
 * each borrow of a raw pool.
 */
class PooledGuardedConnectionsIT {
  private static final int POOL_SIZE = 10;
  private static final int THREADS = 8;
  private static final int STATEMENTS = 100_000;
  private static final int UNITS_PER_THREAD = STATEMENTS / (THREADS * PoolWorkload.PER_UNIT);
  private static final long LEAK_THRESHOLD_MILLIS = 10_000;
  private static final String CONNECTION_SUBJECT = "pool-service";

  private static TestDatabase db;

  /** How HikariCP and PhiGuard are put together. */
  enum Setup {
    /** {@code jdbcUrl=jdbc:phiguard:postgresql://…}: HikariCP pools guarded connections. */
    JDBC_URL,
    /** {@code dataSourceClassName=PhiGuardDataSource} with {@code dataSource.url} etc. */
    DATA_SOURCE_CLASS_NAME,
    /** HikariCP over {@code PhiGuardDataSource.wrap(PGSimpleDataSource, config)}, listener on. */
    GUARDED_IN_POOL,
    /** {@code PhiGuardDataSource.wrap(hikari, config)}: each borrow guarded, listener on. */
    POOL_WRAPPED
  }

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

  @BeforeEach
  void freshTables() throws SQLException {
    try (Connection raw = db.openRaw()) {
      PoolWorkload.createSchema(raw, THREADS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Setup.class)
  void hundredThousandStatementsWithoutErrorsLeaksOrIdentityBleed(
      Setup setup, TestReporter reporter) throws Exception {
    PoolUsage usage = new PoolUsage();
    IdentityCheckingListener listener = new IdentityCheckingListener(CONNECTION_SUBJECT);
    HikariConfig config = poolConfig(setup, usage);
    if (setup == Setup.GUARDED_IN_POOL) {
      PGSimpleDataSource pg = new PGSimpleDataSource();
      pg.setURL(db.jdbcUrl());
      Properties credentials = db.credentials();
      pg.setUser(credentials.getProperty("user"));
      pg.setPassword(credentials.getProperty("password"));
      config.setDataSource(PhiGuardDataSource.wrap(pg, phiguardConfig(listener)));
    }

    try (HikariDataSource hikari = new HikariDataSource(config)) {
      DataSource dataSource =
          setup == Setup.POOL_WRAPPED
              ? PhiGuardDataSource.wrap(hikari, phiguardConfig(listener))
              : hikari;
      assertGuarded(dataSource);
      HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
      long acquiredBefore = usage.acquired.sum();

      PoolWorkload workload = new PoolWorkload(dataSource, THREADS, UNITS_PER_THREAD);
      long started = System.nanoTime();
      workload.run(100);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      reporter.publishEntry(
          setup.name(),
          STATEMENTS + " statements in " + millis + " ms (" + STATEMENTS * 1000L / millis + "/s)");

      // zero errors, every statement ran
      assertThat(workload.errors).isEmpty();
      assertThat(workload.statements.sum()).isEqualTo(STATEMENTS);
      assertDatabaseSawEveryWrite();

      // zero leaks: every borrow went back, nothing outlived the leak threshold, no evictions
      long units = (long) THREADS * UNITS_PER_THREAD;
      assertThat(workload.borrowed.sum()).isEqualTo(units);
      assertThat(pool.getActiveConnections()).isZero();
      assertThat(pool.getThreadsAwaitingConnection()).isZero();
      assertThat(pool.getTotalConnections()).isBetween(1, POOL_SIZE);
      assertThat(usage.acquired.sum() - acquiredBefore).isEqualTo(units);
      assertThat(usage.returned.sum()).isEqualTo(usage.acquired.sum());
      assertThat(usage.longestUsageMillis.get()).isLessThan(LEAK_THRESHOLD_MILLIS);
      assertThat(usage.timeouts.sum()).isZero();
      assertThat(usage.created.sum()).isLessThanOrEqualTo(POOL_SIZE);

      if (setup == Setup.GUARDED_IN_POOL || setup == Setup.POOL_WRAPPED) {
        assertNoIdentityBleed(listener, units);
      }
      if (setup == Setup.GUARDED_IN_POOL) {
        // one guarded connection really served several threads, so a bleed could have shown
        assertThat(listener.threadsByConnection.size()).isLessThanOrEqualTo(POOL_SIZE);
        assertThat(listener.threadsByConnection.values())
            .anySatisfy(threads -> assertThat(threads).hasSizeGreaterThan(1));
      }
    }
  }

  private static void assertNoIdentityBleed(IdentityCheckingListener listener, long units) {
    assertThat(listener.mismatchSamples).isEmpty();
    assertThat(listener.mismatches.sum()).isZero();
    assertThat(listener.executions.sum()).isEqualTo(STATEMENTS);
    assertThat(listener.prepares.sum()).isEqualTo(units * PoolWorkload.PREPARES_PER_UNIT);
    long unscopedUnits = (long) THREADS * countUnits(u -> u % 5 == 4);
    // statements outside any scope carried the connection identity (checked per decision)
    assertThat(listener.outsideScope.sum())
        .isEqualTo(unscopedUnits * (PoolWorkload.PER_UNIT + PoolWorkload.PREPARES_PER_UNIT));
    assertThat(listener.outcomes.sum()).isEqualTo(STATEMENTS);
    assertThat(listener.failedOutcomes.sum()).isZero();
  }

  private static long countUnits(java.util.function.IntPredicate which) {
    long n = 0;
    for (int u = 0; u < UNITS_PER_THREAD; u++) {
      if (which.test(u)) {
        n++;
      }
    }
    return n;
  }

  private static void assertDatabaseSawEveryWrite() throws SQLException {
    try (Connection raw = db.openRaw();
        Statement s = raw.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("select thread, count(*) from pool_log group by thread order by 1")) {
        int threads = 0;
        while (rs.next()) {
          assertThat(rs.getLong(2))
              .as("rows inserted by thread %d", rs.getInt(1))
              .isEqualTo((long) UNITS_PER_THREAD * PoolWorkload.INSERTS_PER_UNIT);
          threads++;
        }
        assertThat(threads).isEqualTo(THREADS);
      }
      try (ResultSet rs = s.executeQuery("select thread, n from pool_counters order by 1")) {
        while (rs.next()) {
          assertThat(rs.getLong(2))
              .as("updates by thread %d", rs.getInt(1))
              .isEqualTo((long) UNITS_PER_THREAD * PoolWorkload.UPDATES_PER_UNIT);
        }
      }
    }
  }

  /** The pool hands out guarded connections only: no raw PostgreSQL connection escapes. */
  private static void assertGuarded(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      assertThat(c.isWrapperFor(GuardedConnection.class)).isTrue();
      assertThatThrownBy(() -> c.unwrap(PGConnection.class))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42501");
    }
  }

  private HikariConfig poolConfig(Setup setup, PoolUsage usage) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("phiguard-it-" + setup.name().toLowerCase(java.util.Locale.ROOT));
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(POOL_SIZE);
    config.setLeakDetectionThreshold(LEAK_THRESHOLD_MILLIS);
    config.setConnectionTimeout(30_000);
    config.setMetricsTrackerFactory(usage);
    Properties credentials = db.credentials();
    switch (setup) {
      case JDBC_URL -> {
        config.setJdbcUrl(
            withParameter(db.phiguardUrl(), "phiguard.subject=" + CONNECTION_SUBJECT));
        config.setUsername(credentials.getProperty("user"));
        config.setPassword(credentials.getProperty("password"));
      }
      case DATA_SOURCE_CLASS_NAME -> {
        config.setDataSourceClassName(PhiGuardDataSource.class.getName());
        config.addDataSourceProperty("url", db.phiguardUrl());
        config.addDataSourceProperty("user", credentials.getProperty("user"));
        config.addDataSourceProperty("password", credentials.getProperty("password"));
        config.addDataSourceProperty("subject", CONNECTION_SUBJECT);
      }
      case GUARDED_IN_POOL -> {
        // data source set by the caller
      }
      case POOL_WRAPPED -> {
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(credentials.getProperty("user"));
        config.setPassword(credentials.getProperty("password"));
      }
    }
    return config;
  }

  private static PhiGuardConfig phiguardConfig(IdentityCheckingListener listener) {
    return PhiGuardConfig.builder()
        .listener(listener)
        .connectionIdentity(
            new Identity(
                CONNECTION_SUBJECT,
                Set.of(),
                "",
                List.of(),
                "",
                false,
                Identity.Source.CONNECTION_PROPERTIES))
        .build();
  }

  private static String withParameter(String url, String parameter) {
    return url + (url.indexOf('?') < 0 ? '?' : '&') + parameter;
  }
}
