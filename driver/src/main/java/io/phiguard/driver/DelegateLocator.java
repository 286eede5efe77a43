package io.phiguard.driver;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the real driver behind a {@code jdbc:phiguard:} URL. */
final class DelegateLocator {
  private DelegateLocator() {}

  /**
   * The driver named by {@code className}, or else the first registered driver other than
   * PhiGuard's that accepts {@code delegateUrl}.
   *
   * @throws SQLException {@code 08001} when none accepts it, with the other drivers' errors
   *     attached as suppressed; {@code F0000} when {@code className} cannot be used
   */
  static Driver find(String delegateUrl, String className) throws SQLException {
    if (className != null) {
      return named(delegateUrl, className);
    }
    List<SQLException> failures = new ArrayList<>();
    Enumeration<Driver> registered = DriverManager.getDrivers();
    while (registered.hasMoreElements()) {
      Driver candidate = registered.nextElement();
      if (accepts(candidate, delegateUrl, failures)) {
        return candidate;
      }
    }
    // drivers visible to the application's class loader but not registered with DriverManager
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (Driver candidate : ServiceLoader.load(Driver.class, loader)) {
      if (accepts(candidate, delegateUrl, failures)) {
        return candidate;
      }
    }
    SQLException none =
        PhiGuardErrors.of(
            SqlState.CANNOT_CONNECT,
            "no JDBC driver accepts "
                + ConnectionUrl.describe(delegateUrl)
                + ". Put the database's driver (pgjdbc, MySQL or MariaDB Connector/J, H2) on the"
                + " class path, or name it with "
                + PhiGuardProperty.DELEGATE_DRIVER.key());
    failures.forEach(none::addSuppressed);
    throw none;
  }

  private static boolean accepts(Driver candidate, String url, List<SQLException> failures) {
    if (candidate instanceof PhiGuardDriver) {
      return false;
    }
    try {
      return candidate.acceptsURL(url);
    } catch (SQLException e) {
      failures.add(e);
      return false;
    }
  }

  private static Driver named(String delegateUrl, String className) throws SQLException {
    Enumeration<Driver> registered = DriverManager.getDrivers();
    while (registered.hasMoreElements()) {
      Driver candidate = registered.nextElement();
      if (candidate.getClass().getName().equals(className)) {
        return requireAccepts(candidate, delegateUrl, className);
      }
    }
    Object instance;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> type =
          Class.forName(
              className, true, loader != null ? loader : DelegateLocator.class.getClassLoader());
      instance = type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw PhiGuardErrors.of(
          SqlState.CONFIG_INVALID,
          PhiGuardProperty.DELEGATE_DRIVER.key()
              + "="
              + className
              + " cannot be loaded ("
              + e.getClass().getSimpleName()
              + "). Check the class name and the class path");
    }
    if (!(instance instanceof Driver driver) || instance instanceof PhiGuardDriver) {
      throw PhiGuardErrors.of(
          SqlState.CONFIG_INVALID,
          PhiGuardProperty.DELEGATE_DRIVER.key()
              + "="
              + className
              + " is not a database's java.sql.Driver");
    }
    return requireAccepts(driver, delegateUrl, className);
  }

  private static Driver requireAccepts(Driver driver, String url, String className)
      throws SQLException {
    if (!driver.acceptsURL(url)) {
      throw PhiGuardErrors.of(
          SqlState.CANNOT_CONNECT,
          className
              + " does not accept "
              + ConnectionUrl.describe(url)
              + ". Fix the URL or "
              + PhiGuardProperty.DELEGATE_DRIVER.key());
    }
    return driver;
  }
}
