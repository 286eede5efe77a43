package io.phiguard.driver;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A delegate driver for {@code jdbc:echo:<url without jdbc:>} that records what PhiGuard passed it,
 * then connects to H2. Named with {@code phiguard.delegateDriver}; never registered.
 */
public final class EchoDriver implements Driver {
  static volatile String lastUrl;
  static volatile Properties lastInfo;

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    lastUrl = url;
    lastInfo = (Properties) info.clone();
    return DriverManager.getConnection("jdbc:" + url.substring("jdbc:echo:".length()), info);
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith("jdbc:echo:");
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    DriverPropertyInfo seen = new DriverPropertyInfo("echo.url", url);
    DriverPropertyInfo keys =
        new DriverPropertyInfo(
            "echo.keys", String.valueOf(new java.util.TreeSet<>(info.stringPropertyNames())));
    return new DriverPropertyInfo[] {seen, keys};
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("echo");
  }
}
