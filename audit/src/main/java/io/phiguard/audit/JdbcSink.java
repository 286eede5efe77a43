package io.phiguard.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A JDBC sink: an embedded H2 file by default (single process), PostgreSQL for shared use. The
 * table is created if missing; each batch is one transaction; rows are keyed by (writer_id, seq)
 * and a batch sent again is skipped, so inserts are idempotent.
 *
 * <pre>
 * CREATE TABLE IF NOT EXISTS phiguard_audit (
 *   writer_id VARCHAR(200) NOT NULL, seq BIGINT NOT NULL, kind VARCHAR(16) NOT NULL,
 *   event_time VARCHAR(40) NOT NULL, subject VARCHAR(400), decision_id VARCHAR(200),
 *   hash CHAR(64) NOT NULL, record VARCHAR NOT NULL, PRIMARY KEY (writer_id, seq))
 * </pre>
 *
 * <p>{@code record} holds the canonical line; the other columns are copies for querying. The
 * connection is opened lazily and reopened after a failure.
 */
public final class JdbcSink implements AuditSink {
  /** Opens connections to the store. */
  @FunctionalInterface
  public interface ConnectionSource {
    Connection connect() throws SQLException;
  }

  /** The default table name. */
  public static final String DEFAULT_TABLE = "phiguard_audit";

  private static final Pattern TABLE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

  private final ConnectionSource source;
  private final String table;
  private Connection connection;

  private JdbcSink(ConnectionSource source, String table) {
    this.source = Objects.requireNonNull(source, "source");
    this.table = checkTable(table);
  }

  /** A sink over {@code DriverManager.getConnection(url, properties)}. */
  public static JdbcSink create(String url, Properties properties, String table) {
    Properties copy = new Properties();
    copy.putAll(properties);
    return new JdbcSink(() -> DriverManager.getConnection(url, copy), table);
  }

  /** A sink over connections from {@code source} (e.g. a pool). */
  public static JdbcSink create(ConnectionSource source, String table) {
    return new JdbcSink(source, table);
  }

  private static String checkTable(String table) {
    if (table == null || !TABLE.matcher(table).matches()) {
      // the name is spliced into SQL: only plain identifiers
      throw new IllegalArgumentException("audit table must be a plain [schema.]identifier");
    }
    return table;
  }

  @Override
  public synchronized void store(List<AuditRecord> records) throws AuditSinkException {
    if (records.isEmpty()) {
      return;
    }
    try {
      Connection c = connection();
      try {
        insertNew(c, records);
        c.commit();
      } catch (SQLException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      drop();
      throw failure("cannot store audit records", e);
    }
  }

  private void insertNew(Connection c, List<AuditRecord> records) throws SQLException {
    String writer = records.get(0).writerId();
    long have = 0;
    try (PreparedStatement max =
        c.prepareStatement("SELECT MAX(seq) FROM " + table + " WHERE writer_id = ?")) {
      max.setString(1, writer);
      try (ResultSet rs = max.executeQuery()) {
        if (rs.next()) {
          have = rs.getLong(1);
        }
      }
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " (writer_id, seq, kind, event_time, subject, decision_id, hash, record)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      int n = 0;
      for (AuditRecord r : records) {
        if (!writer.equals(r.writerId())) {
          throw new IllegalArgumentException("a batch holds one writer's records");
        }
        if (r.seq() <= have) {
          continue; // already stored: a batch sent again after a failure
        }
        insert.setString(1, r.writerId());
        insert.setLong(2, r.seq());
        insert.setString(3, r.kind().name());
        insert.setString(4, r.time().toString());
        insert.setString(5, r.identity() == null ? null : r.identity().subject());
        insert.setString(6, r.decisionId());
        insert.setString(7, r.hash());
        insert.setString(8, AuditRecordCodec.toJson(r));
        insert.addBatch();
        n++;
      }
      if (n > 0) {
        insert.executeBatch();
      }
    }
  }

  @Override
  public synchronized void ping() throws AuditSinkException {
    try {
      if (!connection().isValid(2)) {
        drop();
        throw new AuditSinkException("audit store connection is not valid");
      }
    } catch (SQLException e) {
      drop();
      throw failure("audit store unreachable", e);
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      Connection c = source.connect();
      try {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute(createTableSql(table));
        }
        c.setAutoCommit(false);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      connection = c;
    }
    return connection;
  }

  static String createTableSql(String table) {
    return "CREATE TABLE IF NOT EXISTS "
        + table
        + " (writer_id VARCHAR(200) NOT NULL, seq BIGINT NOT NULL, kind VARCHAR(16) NOT NULL,"
        + " event_time VARCHAR(40) NOT NULL, subject VARCHAR(400), decision_id VARCHAR(200),"
        + " hash CHAR(64) NOT NULL, record VARCHAR NOT NULL, PRIMARY KEY (writer_id, seq))";
  }

  /**
   * The writers present in {@code table}, read over the caller's (ideally read-only) connection.
   */
  public static List<String> writers(Connection c, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT DISTINCT writer_id FROM " + checkTable(table) + " ORDER BY writer_id")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** One writer's stored lines in seq order, for {@link AuditVerifier#verifyChain}. */
  public static List<String> readChain(Connection c, String table, String writerId)
      throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT record FROM " + checkTable(table) + " WHERE writer_id = ? ORDER BY seq")) {
      ps.setString(1, writerId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static AuditSinkException failure(String what, SQLException e) {
    // the message keeps the SQLState only; the cause (kept for operators) holds no PHI because
    // records hold none
    return new AuditSinkException(what + " (SQLState " + e.getSQLState() + ")", e);
  }

  private void drop() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // reconnect on the next attempt
      }
      connection = null;
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is dropped next
    }
  }

  @Override
  public synchronized void close() {
    drop();
  }

  @Override
  public String toString() {
    return "JdbcSink[" + table + "]";
  }
}
