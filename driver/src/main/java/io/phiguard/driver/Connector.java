package io.phiguard.driver;

import io.phiguard.driver.jdbc.GuardedConnection;
import io.phiguard.driver.jdbc.VendorErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * Opens a guarded connection for a {@code jdbc:phiguard:} URL: the driver's and the data source's
 * path.
 */
final class Connector {
  private Connector() {}

  /** PhiGuard's properties and the delegate's, split. */
  record Split(Properties phiguard, Properties delegate) {}

  /**
   * Separates {@code phiguard.*} entries from the rest. URL parameters win over connection
   * properties, as in pgjdbc.
   */
  static Split split(ConnectionUrl url, Properties info) {
    Properties phiguard = new Properties();
    Properties delegate = new Properties();
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        (PhiGuardProperty.isPhiGuardKey(key) ? phiguard : delegate)
            .setProperty(key, info.getProperty(key));
      }
    }
    phiguard.putAll(url.parameters());
    return new Split(phiguard, delegate);
  }

  static Connection open(String url, Properties info) throws SQLException {
    ConnectionUrl parsed = ConnectionUrl.parse(url);
    Split split = split(parsed, info);
    PhiGuardConfig config =
        PhiGuardConfig.fromProperties(split.phiguard(), System.getenv(), System.getProperties());
    supplyPassword(split.phiguard(), split.delegate());
    Driver driver = DelegateLocator.find(parsed.delegateUrl(), config.delegateDriver());
    Connection raw;
    try {
      raw = driver.connect(parsed.delegateUrl(), split.delegate());
    } catch (SQLException e) {
      // keep the vendor's SQLState (28P01, 08001 …): pools and callers act on it
      throw VendorErrors.rebuild(e);
    }
    if (raw == null) {
      throw PhiGuardErrors.of(
          SqlState.CANNOT_CONNECT,
          driver.getClass().getName()
              + " did not accept "
              + ConnectionUrl.describe(parsed.delegateUrl()));
    }
    return GuardedConnection.wrap(
        raw,
        new ConnectionContext(
            new StatementGate(listenerFor(config), config.policy()),
            parsed.delegateUrl(),
            config,
            raw));
  }

  /** Borrows a connection from the data source PhiGuard wraps. */
  @FunctionalInterface
  interface RawSource {
    Connection get() throws SQLException;
  }

  /** The audit trail of the policy, if there is one, then the application's listener. */
  static GateListener listenerFor(PhiGuardConfig config) throws SQLException {
    if (config.policy() == null) {
      return config.listener();
    }
    return GateListeners.chain(AuditTrail.forPolicy(config.policy()), config.listener());
  }

  /** Wraps a connection from an existing data source. */
  static Connection wrap(RawSource source, PhiGuardConfig config, StatementGate gate)
      throws SQLException {
    Connection raw;
    String url;
    try {
      raw = source.get();
    } catch (SQLException e) {
      // as in open(): the pool's or vendor's SQLState stays (retries act on it), its text and
      // vendor type (PSQLException carries the server's Detail) do not
      throw VendorErrors.rebuild(e);
    }
    try {
      url = raw.getMetaData().getURL();
    } catch (SQLException e) {
      SQLException rebuilt = VendorErrors.rebuild(e);
      try {
        raw.close();
      } catch (SQLException closeFailure) {
        rebuilt.addSuppressed(VendorErrors.rebuild(closeFailure));
      }
      throw rebuilt;
    }
    return GuardedConnection.wrap(
        raw, new ConnectionContext(gate, url == null ? "jdbc:unknown:" : url, config, raw));
  }

  /**
   * Reads the delegate password from {@code phiguard.delegatePasswordFile} or {@code
   * phiguard.delegatePasswordEnv}, so it never has to be in the application's configuration.
   */
  private static void supplyPassword(Properties phiguard, Properties delegate) throws SQLException {
    String file = PhiGuardProperty.DELEGATE_PASSWORD_FILE.get(phiguard);
    String env = PhiGuardProperty.DELEGATE_PASSWORD_ENV.get(phiguard);
    if (file != null && env != null) {
      throw PhiGuardErrors.of(
          SqlState.CONFIG_INVALID,
          "invalid configuration: set only one of "
              + PhiGuardProperty.DELEGATE_PASSWORD_FILE.key()
              + " and "
              + PhiGuardProperty.DELEGATE_PASSWORD_ENV.key());
    }
    if (file != null) {
      Path path = Path.of(file).toAbsolutePath();
      try {
        List<String> lines = Files.readAllLines(path);
        delegate.setProperty("password", lines.isEmpty() ? "" : lines.get(0).strip());
      } catch (IOException e) {
        throw PhiGuardErrors.of(
            SqlState.CONFIG_INVALID,
            "invalid configuration: cannot read "
                + PhiGuardProperty.DELEGATE_PASSWORD_FILE.key()
                + " "
                + path
                + " ("
                + e.getClass().getSimpleName()
                + ")");
      }
    } else if (env != null) {
      String value = System.getenv(env);
      if (value == null) {
        throw PhiGuardErrors.of(
            SqlState.CONFIG_INVALID,
            "invalid configuration: "
                + PhiGuardProperty.DELEGATE_PASSWORD_ENV.key()
                + " names the environment variable "
                + env
                + ", which is not set");
      }
      delegate.setProperty("password", value);
    }
  }
}
