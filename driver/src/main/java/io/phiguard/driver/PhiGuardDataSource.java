package io.phiguard.driver;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ConnectionBuilder;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.ShardingKey;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} of guarded connections, in two forms.
 *
 * <ul>
 *   <li>A JavaBean for pools that instantiate data sources by class name (HikariCP {@code
 *       dataSourceClassName=io.phiguard.driver.PhiGuardDataSource} with {@code
 *       dataSource.url=jdbc:phiguard:postgresql://…}, {@code dataSource.user}, {@code
 *       dataSource.password}, {@code dataSource.config} …).
 *   <li>{@link #wrap(DataSource, PhiGuardConfig)}: an existing pool or Spring data source behind
 *       the gate.
 * </ul>
 *
 * <p>{@code unwrap} never returns the underlying data source, which would hand out raw connections.
 */
public final class PhiGuardDataSource implements DataSource {
  private final DataSource wrapped;
  private final PhiGuardConfig wrappedConfig;
  private volatile StatementGate wrappedGate;
  private final Properties properties = new Properties();
  private String url;
  private PrintWriter logWriter;
  private int loginTimeoutSeconds;

  /** A bean to configure with setters; {@link #setUrl} is required. */
  public PhiGuardDataSource() {
    this.wrapped = null;
    this.wrappedConfig = null;
    this.wrappedGate = null;
  }

  private PhiGuardDataSource(DataSource wrapped, PhiGuardConfig config) {
    this.wrapped = wrapped;
    this.wrappedConfig = config;
    this.wrappedGate = null;
  }

  /**
   * Puts every connection of {@code dataSource} behind PhiGuard's gate, configured by {@code
   * config}.
   */
  public static PhiGuardDataSource wrap(DataSource dataSource, PhiGuardConfig config) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(config, "config");
    if (dataSource instanceof PhiGuardDataSource) {
      throw new IllegalArgumentException("the data source is already a PhiGuardDataSource");
    }
    return new PhiGuardDataSource(dataSource, config);
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (wrapped != null) {
      return Connector.wrap(wrapped::getConnection, wrappedConfig, gate());
    }
    return Connector.open(requireUrl(), properties);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    if (wrapped != null) {
      return Connector.wrap(() -> wrapped.getConnection(username, password), wrappedConfig, gate());
    }
    Properties withCredentials = new Properties();
    withCredentials.putAll(properties);
    setOrRemove(withCredentials, "user", username);
    setOrRemove(withCredentials, "password", password);
    return Connector.open(requireUrl(), withCredentials);
  }

  /** The gate of a wrapping data source, with its audit trail opened on first use. */
  private StatementGate gate() throws SQLException {
    StatementGate gate = wrappedGate;
    if (gate == null) {
      synchronized (this) {
        if (wrappedGate == null) {
          wrappedGate =
              new StatementGate(Connector.listenerFor(wrappedConfig), wrappedConfig.policy());
        }
        gate = wrappedGate;
      }
    }
    return gate;
  }

  private String requireUrl() throws SQLException {
    if (url == null) {
      throw PhiGuardErrors.of(
          SqlState.CONFIG_INVALID,
          "invalid configuration: PhiGuardDataSource has no url. Set url to"
              + " jdbc:phiguard:<database URL>");
    }
    return url;
  }

  /** JDBC 4.3 builder: user and password are honoured; sharding keys are refused. */
  @Override
  public ConnectionBuilder createConnectionBuilder() {
    return new ConnectionBuilder() {
      private String user;
      private String password;

      @Override
      public ConnectionBuilder user(String username) {
        this.user = username;
        return this;
      }

      @Override
      public ConnectionBuilder password(String secret) {
        this.password = secret;
        return this;
      }

      @Override
      public ConnectionBuilder shardingKey(ShardingKey shardingKey) {
        throw new UnsupportedOperationException(
            "PhiGuard does not support sharding keys; use the shard's URL");
      }

      @Override
      public ConnectionBuilder superShardingKey(ShardingKey superShardingKey) {
        throw new UnsupportedOperationException(
            "PhiGuard does not support sharding keys; use the shard's URL");
      }

      @Override
      public Connection build() throws SQLException {
        return user == null && password == null ? getConnection() : getConnection(user, password);
      }
    };
  }

  // ---- bean properties (HikariCP dataSource.*) ----

  /** The {@code jdbc:phiguard:…} URL. */
  public void setUrl(String jdbcUrl) {
    requireBean();
    if (!ConnectionUrl.accepts(jdbcUrl)) {
      throw new IllegalArgumentException(
          "url must start with " + ConnectionUrl.PREFIX + " (e.g. jdbc:phiguard:postgresql://…)");
    }
    this.url = jdbcUrl;
  }

  public String getUrl() {
    return url;
  }

  /** Same as {@link #setUrl}, for tools that call it jdbcUrl. */
  public void setJdbcUrl(String jdbcUrl) {
    setUrl(jdbcUrl);
  }

  public void setUser(String user) {
    setProperty("user", user);
  }

  public void setPassword(String password) {
    setProperty("password", password);
  }

  /** Path of the phiguard.yaml policy file ({@code phiguard.config}). */
  public void setConfig(String path) {
    setProperty(PhiGuardProperty.CONFIG.key(), path);
  }

  public void setDelegateDriver(String className) {
    setProperty(PhiGuardProperty.DELEGATE_DRIVER.key(), className);
  }

  public void setAllowUnwrap(boolean allow) {
    setProperty(PhiGuardProperty.ALLOW_UNWRAP.key(), Boolean.toString(allow));
  }

  public void setDelegatePasswordFile(String path) {
    setProperty(PhiGuardProperty.DELEGATE_PASSWORD_FILE.key(), path);
  }

  public void setDelegatePasswordEnv(String name) {
    setProperty(PhiGuardProperty.DELEGATE_PASSWORD_ENV.key(), name);
  }

  public void setSubject(String subject) {
    setProperty(PhiGuardProperty.SUBJECT.key(), subject);
  }

  public void setGroups(String commaSeparated) {
    setProperty(PhiGuardProperty.GROUPS.key(), commaSeparated);
  }

  public void setAgent(String agent) {
    setProperty(PhiGuardProperty.AGENT.key(), agent);
  }

  public void setOnBehalfOf(String commaSeparated) {
    setProperty(PhiGuardProperty.ON_BEHALF_OF.key(), commaSeparated);
  }

  public void setPurpose(String purpose) {
    setProperty(PhiGuardProperty.PURPOSE.key(), purpose);
  }

  /** Any other property, passed to PhiGuard ({@code phiguard.*}) or the delegate driver. */
  public void setProperty(String name, String value) {
    requireBean();
    setOrRemove(properties, name, value);
  }

  private void requireBean() {
    if (wrapped != null) {
      throw new IllegalStateException(
          "a wrapping PhiGuardDataSource is configured by its PhiGuardConfig");
    }
  }

  private static void setOrRemove(Properties target, String name, String value) {
    if (value == null) {
      target.remove(name);
    } else {
      target.setProperty(name, value);
    }
  }

  // ---- DataSource plumbing ----

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return wrapped != null ? wrapped.getLogWriter() : logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    if (wrapped != null) {
      wrapped.setLogWriter(out);
    } else {
      this.logWriter = out;
    }
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    if (wrapped != null) {
      wrapped.setLoginTimeout(seconds);
    } else {
      this.loginTimeoutSeconds = seconds;
      setProperty("loginTimeout", Integer.toString(seconds));
    }
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return wrapped != null ? wrapped.getLoginTimeout() : loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return Logger.getLogger("io.phiguard");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface != null && iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw PhiGuardErrors.of(
        SqlState.POLICY_DENIED,
        "unwrap("
            + (iface == null ? "null" : iface.getName())
            + ") would hand out the"
            + " underlying data source, whose connections bypass PhiGuard");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface != null && iface.isInstance(this);
  }

  @Override
  public String toString() {
    return "PhiGuardDataSource["
        + (wrapped != null
            ? "wrapping " + wrapped.getClass().getName()
            : ConnectionUrl.describe(String.valueOf(url)))
        + "]";
  }
}
