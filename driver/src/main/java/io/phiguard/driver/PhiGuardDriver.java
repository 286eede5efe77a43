package io.phiguard.driver;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The {@code jdbc:phiguard:} driver. Put {@code jdbc:phiguard:} in front of a PostgreSQL, MySQL,
 * MariaDB or H2 URL; every statement then passes PhiGuard's gate.
 *
 * <p>Registered with {@link DriverManager} when the class loads (and through {@code
 * META-INF/services/java.sql.Driver}). {@link #connect} returns null for other URLs, as JDBC
 * requires, so it never stands in another driver's way.
 */
public final class PhiGuardDriver implements Driver {
  /** The URL prefix this driver accepts. */
  public static final String URL_PREFIX = ConnectionUrl.PREFIX;

  private static PhiGuardDriver registered;

  static {
    try {
      register();
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Registers the driver with {@link DriverManager}; a no-op when it already is. */
  public static synchronized void register() throws SQLException {
    if (registered == null) {
      PhiGuardDriver driver = new PhiGuardDriver();
      DriverManager.registerDriver(driver);
      registered = driver;
    }
  }

  /** Removes the driver from {@link DriverManager}, e.g. when a web application stops. */
  public static synchronized void deregister() throws SQLException {
    if (registered != null) {
      DriverManager.deregisterDriver(registered);
      registered = null;
    }
  }

  /** Whether the driver is registered with {@link DriverManager}. */
  public static synchronized boolean isRegistered() {
    return registered != null;
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    return Connector.open(url, info);
  }

  @Override
  public boolean acceptsURL(String url) {
    return ConnectionUrl.accepts(url);
  }

  /** PhiGuard's properties, then the delegate driver's for the stripped URL. */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    List<DriverPropertyInfo> result = new ArrayList<>();
    Properties given = info == null ? new Properties() : info;
    for (PhiGuardProperty property : PhiGuardProperty.values()) {
      String value = given.getProperty(property.key(), property.defaultValue());
      DriverPropertyInfo entry = new DriverPropertyInfo(property.key(), value);
      entry.description = property.description();
      if (property == PhiGuardProperty.ALLOW_UNWRAP) {
        entry.choices = new String[] {"false", "true"};
      }
      result.add(entry);
    }
    if (acceptsURL(url)) {
      ConnectionUrl parsed = ConnectionUrl.parse(url);
      Connector.Split split = Connector.split(parsed, given);
      String delegateDriver = PhiGuardProperty.DELEGATE_DRIVER.get(split.phiguard());
      Driver driver = DelegateLocator.find(parsed.delegateUrl(), delegateDriver);
      result.addAll(List.of(driver.getPropertyInfo(parsed.delegateUrl(), split.delegate())));
    }
    return result.toArray(new DriverPropertyInfo[0]);
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  /** Not yet: JDBC compliance is claimed only after the compliance suite passes through us. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return Logger.getLogger("io.phiguard");
  }
}
