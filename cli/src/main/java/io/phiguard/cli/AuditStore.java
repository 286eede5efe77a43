package io.phiguard.cli;

import io.phiguard.audit.JdbcSink;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JDBC audit store read-only: a read-only connection, and for embedded H2 a database that
 * must already exist, opened in read-only access mode (so the CLI never creates or changes it).
 */
final class AuditStore {
  private AuditStore() {}

  /** Whether {@code store} is a JSON Lines file rather than a database. */
  static boolean isFile(String store) {
    return store.startsWith("file:");
  }

  static Path file(String store) {
    return Path.of(store.substring("file:".length()));
  }

  /** Every writer's stored lines, in seq order. */
  static Map<String, List<String>> chains(String url) throws IOException {
    try (Connection c = DriverManager.getConnection(readOnlyUrl(url))) {
      c.setReadOnly(true);
      Map<String, List<String>> chains = new LinkedHashMap<>();
      for (String writer : JdbcSink.writers(c, JdbcSink.DEFAULT_TABLE)) {
        chains.put(writer, JdbcSink.readChain(c, JdbcSink.DEFAULT_TABLE, writer));
      }
      return chains;
    } catch (SQLException e) {
      // SQLState only: a vendor message may repeat the URL with its password
      throw new IOException(
          "cannot read the audit store (SQLState "
              + e.getSQLState()
              + "); an embedded H2 store is readable only while no writer has it open");
    }
  }

  private static String readOnlyUrl(String url) {
    if (!url.startsWith("jdbc:h2:")) {
      return url;
    }
    String upper = url.toUpperCase(Locale.ROOT);
    StringBuilder u = new StringBuilder(url);
    if (!upper.contains(";IFEXISTS=")) {
      u.append(";IFEXISTS=TRUE");
    }
    if (!upper.contains(";ACCESS_MODE_DATA=")) {
      u.append(";ACCESS_MODE_DATA=r");
    }
    return u.toString();
  }
}
