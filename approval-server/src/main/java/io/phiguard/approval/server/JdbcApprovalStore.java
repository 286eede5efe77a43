package io.phiguard.approval.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The JDBC store: an embedded H2 file by default (one server process), PostgreSQL for several
 * instances. The same SQL runs on both. The table is created on start if missing:
 *
 * <pre>
 * CREATE TABLE IF NOT EXISTS phiguard_approval_requests (
 *   id VARCHAR(64) PRIMARY KEY, status VARCHAR(16) NOT NULL, version BIGINT NOT NULL,
 *   created_at BIGINT NOT NULL, grant_expires_at BIGINT, redeemed_at BIGINT, body VARCHAR NOT NULL)
 * </pre>
 *
 * <p>Status, version and redemption are columns so that conditional updates decide races in the
 * database: a lost update matches no row, and of two redemptions of one grant only one matches. One
 * connection is used at a time (the server's traffic is small) and reopened after a failure.
 */
public final class JdbcApprovalStore implements ApprovalStore {
  private static final String TABLE = "phiguard_approval_requests";
  private static final String COLUMNS =
      "id, status, version, created_at, grant_expires_at, redeemed_at, body";

  private final String url;
  private final Properties properties;
  private Connection connection;

  private JdbcApprovalStore(String url, Properties properties) {
    this.url = url;
    this.properties = properties;
  }

  /**
   * Opens the store at {@code url} (e.g. {@code jdbc:h2:file:/var/lib/phiguard/approvals} or {@code
   * jdbc:postgresql://db/approvals}) and creates its table if missing.
   */
  public static JdbcApprovalStore open(String url, Properties properties) {
    Properties copy = new Properties();
    copy.putAll(properties);
    JdbcApprovalStore store = new JdbcApprovalStore(durable(url), copy);
    store.createSchema();
    return store;
  }

  /**
   * An embedded H2 file store writes each commit to its file before it returns ({@code
   * WRITE_DELAY=0}): H2's default holds commits in memory for up to half a second, and a request
   * created just before the server is killed would be lost. A URL that sets it keeps its own.
   */
  static String durable(String url) {
    boolean h2File = url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:./");
    if (!h2File || url.toUpperCase(java.util.Locale.ROOT).contains("WRITE_DELAY=")) {
      return url;
    }
    return url + ";WRITE_DELAY=0";
  }

  private synchronized void createSchema() {
    run(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute(
                "CREATE TABLE IF NOT EXISTS "
                    + TABLE
                    + " (id VARCHAR(64) PRIMARY KEY, status VARCHAR(16) NOT NULL,"
                    + " version BIGINT NOT NULL, created_at BIGINT NOT NULL,"
                    + " grant_expires_at BIGINT, redeemed_at BIGINT, body VARCHAR NOT NULL)");
            st.execute(
                "CREATE INDEX IF NOT EXISTS "
                    + TABLE
                    + "_status ON "
                    + TABLE
                    + " (status, created_at)");
          }
          return null;
        },
        "create the approval table");
  }

  @Override
  public synchronized void insert(ApprovalRequest r) {
    run(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.status().name());
            ps.setLong(3, r.version());
            ps.setLong(4, r.createdAt().toEpochMilli());
            setInstant(ps, 5, r.grantExpiresAt());
            setInstant(ps, 6, r.redeemedAt());
            ps.setString(7, RequestCodec.storedBody(r));
            ps.executeUpdate();
          }
          return null;
        },
        "store a new request");
  }

  @Override
  public synchronized Optional<ApprovalRequest> find(String id) {
    return run(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<ApprovalRequest>empty();
            }
          }
        },
        "read a request");
  }

  @Override
  public synchronized List<ApprovalRequest> list(Set<RequestStatus> statuses, int limit) {
    if (statuses.isEmpty()) {
      return List.of();
    }
    String marks = String.join(", ", statuses.stream().map(s -> "?").toList());
    return run(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM "
                      + TABLE
                      + " WHERE status IN ("
                      + marks
                      + ") ORDER BY created_at, id")) {
            int i = 1;
            for (RequestStatus s : statuses) {
              ps.setString(i++, s.name());
            }
            ps.setMaxRows(limit);
            List<ApprovalRequest> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(read(rs));
              }
            }
            return out;
          }
        },
        "list requests");
  }

  @Override
  public synchronized boolean update(ApprovalRequest next) {
    return run(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + TABLE
                      + " SET status = ?, version = version + 1, grant_expires_at = ?, body = ?"
                      + " WHERE id = ? AND version = ? AND redeemed_at IS NULL")) {
            ps.setString(1, next.status().name());
            setInstant(ps, 2, next.grantExpiresAt());
            ps.setString(3, RequestCodec.storedBody(next));
            ps.setString(4, next.id());
            ps.setLong(5, next.version());
            return ps.executeUpdate() == 1;
          }
        },
        "update a request");
  }

  @Override
  public synchronized boolean redeem(String id, Instant at) {
    return run(
        c -> {
          // one statement decides: of two instances redeeming at once, one updates 1 row
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + TABLE
                      + " SET status = 'REDEEMED', redeemed_at = ?, version = version + 1"
                      + " WHERE id = ? AND status = 'APPROVED' AND redeemed_at IS NULL"
                      + " AND grant_expires_at > ?")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, id);
            ps.setLong(3, at.toEpochMilli());
            return ps.executeUpdate() == 1;
          }
        },
        "redeem a grant");
  }

  private static ApprovalRequest read(ResultSet rs) throws SQLException {
    long redeemed = rs.getLong("redeemed_at");
    Instant redeemedAt = rs.wasNull() ? null : Instant.ofEpochMilli(redeemed);
    return RequestCodec.fromStored(
        rs.getString("id"),
        RequestStatus.valueOf(rs.getString("status")),
        rs.getLong("version"),
        redeemedAt,
        rs.getString("body"));
  }

  private static void setInstant(PreparedStatement ps, int index, Instant value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value.toEpochMilli());
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T run(Work<T> work, String what) {
    try {
      return work.run(connection());
    } catch (SQLException e) {
      closeQuietly();
      // vendor messages can echo values: keep the SQLState, drop the text
      throw new StoreException(
          "cannot " + what + " in the approval store (SQLState " + e.getSQLState() + ")", null);
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = DriverManager.getConnection(url, properties);
      connection.setAutoCommit(true);
    }
    return connection;
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // reopened on next use
      }
      connection = null;
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  @Override
  public String toString() {
    // the URL may carry a password parameter: name the kind only
    return "JdbcApprovalStore["
        + url.substring(0, Math.min(url.length(), url.indexOf(':', 5) + 1))
        + "]";
  }
}
