package io.phiguard.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * One fresh database made by {@link TestDatabases#create}; {@link #close()} drops it. Open
 * connections to it raw (the delegate driver) or guarded ({@code jdbc:phiguard:}).
 */
public final class TestDatabase implements AutoCloseable {
  private final TestDatabases.Kind kind;
  private final String jdbcUrl;
  private final Properties credentials;
  private final Runnable dropper;
  private boolean closed;

  TestDatabase(TestDatabases.Kind kind, String jdbcUrl, Properties credentials, Runnable dropper) {
    this.kind = kind;
    this.jdbcUrl = jdbcUrl;
    this.credentials = credentials;
    this.dropper = dropper;
  }

  /** The database and delegate driver. */
  public TestDatabases.Kind kind() {
    return kind;
  }

  /** The raw delegate URL of the fresh database. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The same database through PhiGuard. */
  public String phiguardUrl() {
    return "jdbc:phiguard:" + jdbcUrl.substring("jdbc:".length());
  }

  /** {@code user} and {@code password}; a copy the caller may change. */
  public Properties credentials() {
    Properties copy = new Properties();
    copy.putAll(credentials);
    return copy;
  }

  /** A connection through the delegate driver only. */
  public Connection openRaw() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, credentials());
  }

  /** A connection through {@code jdbc:phiguard:}, via {@link DriverManager}. */
  public Connection openGuarded() throws SQLException {
    return DriverManager.getConnection(phiguardUrl(), credentials());
  }

  /** Drops the database; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    TestDatabases.forget(this);
    if (dropper != null) {
      dropper.run();
    } else {
      // H2 in memory: the database lives until SHUTDOWN (DB_CLOSE_DELAY=-1)
      try (Connection c = openRaw();
          Statement st = c.createStatement()) {
        st.execute("SHUTDOWN");
      } catch (SQLException e) {
        throw new IllegalStateException("could not shut down " + jdbcUrl, e);
      }
    }
  }

  /** Kind and URL only: never the password. */
  @Override
  public String toString() {
    return kind + " " + jdbcUrl;
  }
}
