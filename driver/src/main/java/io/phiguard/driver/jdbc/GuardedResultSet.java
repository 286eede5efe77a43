package io.phiguard.driver.jdbc;

import io.phiguard.driver.GateDecision;
import io.phiguard.driver.Operation;
import io.phiguard.driver.PhiGuardErrors;
import io.phiguard.driver.SqlState;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.util.Calendar;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A delegate {@link ResultSet} behind PhiGuard. Writes through an updatable result set ({@code
 * updateRow}, {@code insertRow}, {@code deleteRow}) and {@code refreshRow} make the delegate run
 * SQL of its own: each is judged by the gate first, as the statement the delegate will synthesize.
 */
public final class GuardedResultSet implements ResultSet {
  private final GuardedConnection connection;
  private final Statement statement;
  private final ResultSet delegate;
  // the guarded form of the delegate's own statement, when no guarded statement made this one
  private Statement ownStatement;
  // columns given new values since the last row write, by index or label
  private final Set<Object> touched = new LinkedHashSet<>();
  // the Java-side masks of this result set (hash, detect, lineage misses), or null for none
  private final ColumnMasker masker;
  // wasNull() of the last read when it was a masked column; null when the delegate answers
  private Boolean maskedNull;
  private volatile boolean closed;
  // the statement whose rows these are, for the audit's rows-read outcome; null for metadata etc.
  private final GateDecision readOf;
  private long rowsRead;
  // the statement whose row cap this result set enforces (rows > N), or null; rowCap -1 for none
  private final GateDecision cappedBy;
  private final long rowCap;

  GuardedResultSet(GuardedConnection connection, Statement guardedStatement, ResultSet delegate) {
    this(connection, guardedStatement, delegate, null, null, null);
  }

  GuardedResultSet(
      GuardedConnection connection,
      Statement guardedStatement,
      ResultSet delegate,
      ColumnMasker masker,
      GateDecision readOf,
      GateDecision cappedBy) {
    this.connection = connection;
    this.statement = guardedStatement;
    this.delegate = delegate;
    this.masker = masker;
    this.readOf = readOf;
    this.cappedBy = cappedBy;
    this.rowCap = cappedBy == null ? -1 : cappedBy.rowCap();
  }

  /**
   * Stops a read that passed the row cap: the row past it is never shown (PH006). {@code row} is
   * the 1-based row the cursor is on now.
   */
  private void checkCap(long row) throws SQLException {
    if (rowCap >= 0 && row > rowCap) {
      SQLException refusal = connection.rowCapReached(cappedBy);
      try {
        delegate.close();
      } catch (SQLException e) {
        // refused either way
      }
      closed = true;
      throw refusal;
    }
  }

  private Boolean scrollable;

  private boolean scrollable() throws SQLException {
    if (scrollable == null) {
      scrollable = delegate.getType() != ResultSet.TYPE_FORWARD_ONLY;
    }
    return scrollable;
  }

  /** After a cursor move to an absolute position: refused past the cap. */
  private boolean positioned(boolean onRow) throws SQLException {
    if (onRow && rowCap >= 0) {
      checkCap(delegate.getRow());
    }
    return onRow;
  }

  /** The masking rule of column {@code index}, or null; either way {@code wasNull} follows. */
  private ColumnMasker.Rule masked(int index) throws SQLException {
    maskedNull = null;
    if (masker == null) {
      return null;
    }
    try {
      return masker.rule(index);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  private ColumnMasker.Rule masked(String label) throws SQLException {
    maskedNull = null;
    if (masker == null) {
      return null;
    }
    try {
      return masker.rule(label);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  /** The masked value of the current row; the raw value never leaves this method. */
  private Object maskedValue(ColumnMasker.Rule rule) throws SQLException {
    Object value;
    try {
      value = masker.value(rule);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
    maskedNull = value == null;
    return value;
  }

  /** Whether values of this result set are masked in Java: it is then never unwrapped. */
  private boolean masksInJava() throws SQLException {
    if (masker == null) {
      return false;
    }
    try {
      return masker.masksAny();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  /**
   * Closed by the caller, directly or through its statement or connection. JDBC closes a result set
   * with its statement and connection; delegates need not report it (H2's stays open after its
   * connection closed), and PhiGuard must still answer 55000.
   */
  private boolean closedByCaller() {
    return closed
        || connection.closedByCaller()
        || (statement instanceof AbstractGuardedStatement<?> parent && parent.closedByCaller());
  }

  private void checkOpen() throws SQLException {
    if (closedByCaller()) {
      throw PhiGuardErrors.of(
          SqlState.OBJECT_CLOSED, "the result set is closed; execute the query again");
    }
  }

  private void touched(Object column) {
    touched.add(column);
  }

  /** Judges the row write the delegate is about to make, then lets it run. */
  private void writeRow(Operation operation, String verb, RowCall call) throws SQLException {
    checkOpen();
    String sql;
    try {
      sql = RowWriteSql.synthesize(verb, delegate.getMetaData(), touched, delegate);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
    GateDecision decision = connection.decide(operation, sql, false);
    if (decision.action() == GateDecision.Action.MASK) {
      // the driver reads and writes the row itself, raw: nothing can mask what it does
      SQLException refusal =
          PhiGuardErrors.of(
              SqlState.POLICY_DENIED,
              "rows of a protected table cannot be changed or refreshed through an updatable"
                  + " result set by an identity that sees them masked; use UPDATE/INSERT/DELETE"
                  + " statements",
              "protect",
              decision.id());
      connection.outcome(decision, refusal);
      throw refusal;
    }
    try {
      call.run();
      touched.clear();
      connection.outcome(decision, null);
    } catch (SQLException e) {
      SQLException rebuilt = VendorErrors.rebuild(e);
      connection.outcome(decision, rebuilt);
      throw rebuilt;
    }
  }

  @FunctionalInterface
  private interface RowCall {
    void run() throws SQLException;
  }

  @Override
  public void updateRow() throws SQLException {
    writeRow(Operation.RESULT_SET_WRITE, "UPDATE", delegate::updateRow);
  }

  @Override
  public void insertRow() throws SQLException {
    writeRow(Operation.RESULT_SET_WRITE, "INSERT", delegate::insertRow);
  }

  @Override
  public void deleteRow() throws SQLException {
    writeRow(Operation.RESULT_SET_WRITE, "DELETE", delegate::deleteRow);
  }

  @Override
  public void refreshRow() throws SQLException {
    writeRow(Operation.RESULT_SET_WRITE, "SELECT", delegate::refreshRow);
  }

  @Override
  public void cancelRowUpdates() throws SQLException {
    checkOpen();
    try {
      delegate.cancelRowUpdates();
      touched.clear();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void moveToInsertRow() throws SQLException {
    checkOpen();
    try {
      delegate.moveToInsertRow();
      touched.clear();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  // ---- back-references: always guarded ----

  @Override
  public Statement getStatement() throws SQLException {
    checkOpen();
    if (statement != null) {
      // guarded statement: the delegate's would bypass the gate
      return statement;
    }
    // a result set the delegate made itself (DatabaseMetaData, Array.getResultSet): hand out its
    // statement as the delegate does (pgjdbc has one, callers close it), but guarded, so SQL run
    // through it still meets the gate
    synchronized (this) {
      if (ownStatement == null) {
        Statement raw;
        try {
          raw = delegate.getStatement();
        } catch (SQLException e) {
          throw VendorErrors.rebuild(e);
        }
        ownStatement = raw == null ? null : new GuardedStatement(connection, raw);
      }
      return ownStatement;
    }
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    try {
      return connection.wrap(delegate.getMetaData());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    try {
      return connection.wrap(delegate.getWarnings());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  // ---- life cycle ----

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      delegate.close();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    } finally {
      if (readOf != null) {
        // how many rows the caller read: the audit's answer to "how much PHI left"
        connection.rowsRead(readOf, rowsRead);
      }
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    if (closedByCaller()) {
      return true;
    }
    try {
      return delegate.isClosed();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    checkOpen();
    // the delegate of a result set with Java-side masks returns raw values: never handed out
    boolean allowed = connection.context().allowUnwrap() && !masksInJava();
    return GuardedValues.unwrap(this, delegate, iface, allowed);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    checkOpen();
    boolean allowed = connection.context().allowUnwrap() && !masksInJava();
    return GuardedValues.isWrapperFor(this, delegate, iface, allowed);
  }

  @Override
  public String toString() {
    return "GuardedResultSet[" + connection + (closed ? ", closed" : "") + "]";
  }

  // ---- pass-through: checked, forwarded, exceptions rebuilt ----

  @Override
  public boolean next() throws SQLException {
    checkOpen();
    try {
      boolean row = delegate.next();
      if (row) {
        rowsRead++;
        if (rowCap >= 0) {
          // a scrollable cursor may have moved by position: its row number, else the count
          checkCap(scrollable() ? delegate.getRow() : rowsRead);
        }
      }
      return row;
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean wasNull() throws SQLException {
    checkOpen();
    Boolean masked = maskedNull;
    if (masked != null) {
      return masked;
    }
    try {
      return delegate.wasNull();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getString(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.string(v);
    }
    try {
      return delegate.getString(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean getBoolean(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.bool(v, m);
    }
    try {
      return delegate.getBoolean(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public byte getByte(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.number(v, m).byteValue();
    }
    try {
      return delegate.getByte(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public short getShort(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.number(v, m).shortValue();
    }
    try {
      return delegate.getShort(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getInt(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.number(v, m).intValue();
    }
    try {
      return delegate.getInt(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public long getLong(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.number(v, m).longValue();
    }
    try {
      return delegate.getLong(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public float getFloat(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.number(v, m).floatValue();
    }
    try {
      return delegate.getFloat(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public double getDouble(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.number(v, m).doubleValue();
    }
    try {
      return delegate.getDouble(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation")
  public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.decimal(v, m);
    }
    try {
      return delegate.getBigDecimal(columnIndex, scale);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public byte[] getBytes(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.bytes(v);
    }
    try {
      return delegate.getBytes(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.sql.Date getDate(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.date(v, m);
    }
    try {
      return delegate.getDate(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.sql.Time getTime(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.time(v, m);
    }
    try {
      return delegate.getTime(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.sql.Timestamp getTimestamp(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.timestamp(v, m);
    }
    try {
      return delegate.getTimestamp(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.io.InputStream getAsciiStream(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.ascii(v);
    }
    try {
      return delegate.getAsciiStream(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation")
  public java.io.InputStream getUnicodeStream(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.binary(v);
    }
    try {
      return delegate.getUnicodeStream(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.io.InputStream getBinaryStream(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.binary(v);
    }
    try {
      return delegate.getBinaryStream(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getString(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.string(v);
    }
    try {
      return delegate.getString(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean getBoolean(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.bool(v, m);
    }
    try {
      return delegate.getBoolean(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public byte getByte(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.number(v, m).byteValue();
    }
    try {
      return delegate.getByte(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public short getShort(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.number(v, m).shortValue();
    }
    try {
      return delegate.getShort(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getInt(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.number(v, m).intValue();
    }
    try {
      return delegate.getInt(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public long getLong(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.number(v, m).longValue();
    }
    try {
      return delegate.getLong(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public float getFloat(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.number(v, m).floatValue();
    }
    try {
      return delegate.getFloat(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public double getDouble(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.number(v, m).doubleValue();
    }
    try {
      return delegate.getDouble(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation")
  public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.decimal(v, m);
    }
    try {
      return delegate.getBigDecimal(columnLabel, scale);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public byte[] getBytes(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.bytes(v);
    }
    try {
      return delegate.getBytes(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.sql.Date getDate(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.date(v, m);
    }
    try {
      return delegate.getDate(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.sql.Time getTime(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.time(v, m);
    }
    try {
      return delegate.getTime(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.sql.Timestamp getTimestamp(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.timestamp(v, m);
    }
    try {
      return delegate.getTimestamp(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.io.InputStream getAsciiStream(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.ascii(v);
    }
    try {
      return delegate.getAsciiStream(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation")
  public java.io.InputStream getUnicodeStream(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.binary(v);
    }
    try {
      return delegate.getUnicodeStream(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.io.InputStream getBinaryStream(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.binary(v);
    }
    try {
      return delegate.getBinaryStream(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
    try {
      delegate.clearWarnings();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getCursorName() throws SQLException {
    checkOpen();
    try {
      return delegate.getCursorName();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Object getObject(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return v;
    }
    try {
      return connection.wrapObject(delegate.getObject(columnIndex));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Object getObject(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return v;
    }
    try {
      return connection.wrapObject(delegate.getObject(columnLabel));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int findColumn(String columnLabel) throws SQLException {
    checkOpen();
    try {
      return delegate.findColumn(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.io.Reader getCharacterStream(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.reader(v);
    }
    try {
      return delegate.getCharacterStream(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.io.Reader getCharacterStream(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.reader(v);
    }
    try {
      return delegate.getCharacterStream(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.decimal(v, m);
    }
    try {
      return delegate.getBigDecimal(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.decimal(v, m);
    }
    try {
      return delegate.getBigDecimal(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    checkOpen();
    try {
      return delegate.isBeforeFirst();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    checkOpen();
    try {
      return delegate.isAfterLast();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isFirst() throws SQLException {
    checkOpen();
    try {
      return delegate.isFirst();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isLast() throws SQLException {
    checkOpen();
    try {
      return delegate.isLast();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void beforeFirst() throws SQLException {
    checkOpen();
    try {
      delegate.beforeFirst();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void afterLast() throws SQLException {
    checkOpen();
    try {
      delegate.afterLast();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean first() throws SQLException {
    checkOpen();
    try {
      return positioned(delegate.first());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean last() throws SQLException {
    checkOpen();
    try {
      return positioned(delegate.last());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getRow() throws SQLException {
    checkOpen();
    try {
      return delegate.getRow();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean absolute(int row) throws SQLException {
    checkOpen();
    try {
      return positioned(delegate.absolute(row));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean relative(int rows) throws SQLException {
    checkOpen();
    try {
      return positioned(delegate.relative(rows));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean previous() throws SQLException {
    checkOpen();
    try {
      return positioned(delegate.previous());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    checkOpen();
    try {
      delegate.setFetchDirection(direction);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getFetchDirection() throws SQLException {
    checkOpen();
    try {
      return delegate.getFetchDirection();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    checkOpen();
    try {
      delegate.setFetchSize(rows);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getFetchSize() throws SQLException {
    checkOpen();
    try {
      return delegate.getFetchSize();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getType() throws SQLException {
    checkOpen();
    try {
      return delegate.getType();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getConcurrency() throws SQLException {
    checkOpen();
    try {
      return delegate.getConcurrency();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean rowUpdated() throws SQLException {
    checkOpen();
    try {
      return delegate.rowUpdated();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean rowInserted() throws SQLException {
    checkOpen();
    try {
      return delegate.rowInserted();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean rowDeleted() throws SQLException {
    checkOpen();
    try {
      return delegate.rowDeleted();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateNull(int columnIndex) throws SQLException {
    checkOpen();
    try {
      delegate.updateNull(columnIndex);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBoolean(int columnIndex, boolean x) throws SQLException {
    checkOpen();
    try {
      delegate.updateBoolean(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateByte(int columnIndex, byte x) throws SQLException {
    checkOpen();
    try {
      delegate.updateByte(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateShort(int columnIndex, short x) throws SQLException {
    checkOpen();
    try {
      delegate.updateShort(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateInt(int columnIndex, int x) throws SQLException {
    checkOpen();
    try {
      delegate.updateInt(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateLong(int columnIndex, long x) throws SQLException {
    checkOpen();
    try {
      delegate.updateLong(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateFloat(int columnIndex, float x) throws SQLException {
    checkOpen();
    try {
      delegate.updateFloat(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateDouble(int columnIndex, double x) throws SQLException {
    checkOpen();
    try {
      delegate.updateDouble(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
    checkOpen();
    try {
      delegate.updateBigDecimal(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateString(int columnIndex, String x) throws SQLException {
    checkOpen();
    try {
      delegate.updateString(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBytes(int columnIndex, byte[] x) throws SQLException {
    checkOpen();
    try {
      delegate.updateBytes(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateDate(int columnIndex, java.sql.Date x) throws SQLException {
    checkOpen();
    try {
      delegate.updateDate(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateTime(int columnIndex, java.sql.Time x) throws SQLException {
    checkOpen();
    try {
      delegate.updateTime(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateTimestamp(int columnIndex, java.sql.Timestamp x) throws SQLException {
    checkOpen();
    try {
      delegate.updateTimestamp(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateAsciiStream(int columnIndex, java.io.InputStream x, int length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateAsciiStream(columnIndex, x, length);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBinaryStream(int columnIndex, java.io.InputStream x, int length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateBinaryStream(columnIndex, x, length);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateCharacterStream(int columnIndex, java.io.Reader x, int length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateCharacterStream(columnIndex, x, length);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
    checkOpen();
    try {
      delegate.updateObject(columnIndex, GuardedValues.raw(x), scaleOrLength);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateObject(int columnIndex, Object x) throws SQLException {
    checkOpen();
    try {
      delegate.updateObject(columnIndex, GuardedValues.raw(x));
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateNull(String columnLabel) throws SQLException {
    checkOpen();
    try {
      delegate.updateNull(columnLabel);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBoolean(String columnLabel, boolean x) throws SQLException {
    checkOpen();
    try {
      delegate.updateBoolean(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateByte(String columnLabel, byte x) throws SQLException {
    checkOpen();
    try {
      delegate.updateByte(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateShort(String columnLabel, short x) throws SQLException {
    checkOpen();
    try {
      delegate.updateShort(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateInt(String columnLabel, int x) throws SQLException {
    checkOpen();
    try {
      delegate.updateInt(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateLong(String columnLabel, long x) throws SQLException {
    checkOpen();
    try {
      delegate.updateLong(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateFloat(String columnLabel, float x) throws SQLException {
    checkOpen();
    try {
      delegate.updateFloat(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateDouble(String columnLabel, double x) throws SQLException {
    checkOpen();
    try {
      delegate.updateDouble(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
    checkOpen();
    try {
      delegate.updateBigDecimal(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateString(String columnLabel, String x) throws SQLException {
    checkOpen();
    try {
      delegate.updateString(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBytes(String columnLabel, byte[] x) throws SQLException {
    checkOpen();
    try {
      delegate.updateBytes(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateDate(String columnLabel, java.sql.Date x) throws SQLException {
    checkOpen();
    try {
      delegate.updateDate(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateTime(String columnLabel, java.sql.Time x) throws SQLException {
    checkOpen();
    try {
      delegate.updateTime(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateTimestamp(String columnLabel, java.sql.Timestamp x) throws SQLException {
    checkOpen();
    try {
      delegate.updateTimestamp(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateAsciiStream(String columnLabel, java.io.InputStream x, int length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateAsciiStream(columnLabel, x, length);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBinaryStream(String columnLabel, java.io.InputStream x, int length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateBinaryStream(columnLabel, x, length);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateCharacterStream(String columnLabel, java.io.Reader reader, int length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateCharacterStream(columnLabel, reader, length);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
    checkOpen();
    try {
      delegate.updateObject(columnLabel, GuardedValues.raw(x), scaleOrLength);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateObject(String columnLabel, Object x) throws SQLException {
    checkOpen();
    try {
      delegate.updateObject(columnLabel, GuardedValues.raw(x));
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void moveToCurrentRow() throws SQLException {
    checkOpen();
    try {
      delegate.moveToCurrentRow();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Object getObject(int columnIndex, java.util.Map<String, Class<?>> map)
      throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      return maskedValue(m);
    }
    try {
      return connection.wrapObject(delegate.getObject(columnIndex, map));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Ref getRef(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.none(v, m, "Ref");
    }
    try {
      return connection.wrap(delegate.getRef(columnIndex));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Blob getBlob(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.none(v, m, "Blob");
    }
    try {
      return connection.wrap(delegate.getBlob(columnIndex));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Clob getClob(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.clob(v);
    }
    try {
      return connection.wrap(delegate.getClob(columnIndex));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Array getArray(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.none(v, m, "Array");
    }
    try {
      return connection.wrap(delegate.getArray(columnIndex));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Object getObject(String columnLabel, java.util.Map<String, Class<?>> map)
      throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      return maskedValue(m);
    }
    try {
      return connection.wrapObject(delegate.getObject(columnLabel, map));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Ref getRef(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.none(v, m, "Ref");
    }
    try {
      return connection.wrap(delegate.getRef(columnLabel));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Blob getBlob(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.none(v, m, "Blob");
    }
    try {
      return connection.wrap(delegate.getBlob(columnLabel));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Clob getClob(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.clob(v);
    }
    try {
      return connection.wrap(delegate.getClob(columnLabel));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Array getArray(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.none(v, m, "Array");
    }
    try {
      return connection.wrap(delegate.getArray(columnLabel));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.sql.Date getDate(int columnIndex, Calendar cal) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.date(v, m);
    }
    try {
      return delegate.getDate(columnIndex, cal);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.sql.Date getDate(String columnLabel, Calendar cal) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.date(v, m);
    }
    try {
      return delegate.getDate(columnLabel, cal);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.sql.Time getTime(int columnIndex, Calendar cal) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.time(v, m);
    }
    try {
      return delegate.getTime(columnIndex, cal);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.sql.Time getTime(String columnLabel, Calendar cal) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.time(v, m);
    }
    try {
      return delegate.getTime(columnLabel, cal);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.sql.Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.timestamp(v, m);
    }
    try {
      return delegate.getTimestamp(columnIndex, cal);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.sql.Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.timestamp(v, m);
    }
    try {
      return delegate.getTimestamp(columnLabel, cal);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.net.URL getURL(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.none(v, m, "URL");
    }
    try {
      return delegate.getURL(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.net.URL getURL(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.none(v, m, "URL");
    }
    try {
      return delegate.getURL(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateRef(int columnIndex, java.sql.Ref x) throws SQLException {
    checkOpen();
    try {
      delegate.updateRef(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateRef(String columnLabel, java.sql.Ref x) throws SQLException {
    checkOpen();
    try {
      delegate.updateRef(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBlob(int columnIndex, java.sql.Blob x) throws SQLException {
    checkOpen();
    try {
      delegate.updateBlob(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBlob(String columnLabel, java.sql.Blob x) throws SQLException {
    checkOpen();
    try {
      delegate.updateBlob(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateClob(int columnIndex, java.sql.Clob x) throws SQLException {
    checkOpen();
    try {
      delegate.updateClob(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateClob(String columnLabel, java.sql.Clob x) throws SQLException {
    checkOpen();
    try {
      delegate.updateClob(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateArray(int columnIndex, java.sql.Array x) throws SQLException {
    checkOpen();
    try {
      delegate.updateArray(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateArray(String columnLabel, java.sql.Array x) throws SQLException {
    checkOpen();
    try {
      delegate.updateArray(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public RowId getRowId(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.none(v, m, "RowId");
    }
    try {
      return connection.wrap(delegate.getRowId(columnIndex));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public RowId getRowId(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.none(v, m, "RowId");
    }
    try {
      return connection.wrap(delegate.getRowId(columnLabel));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateRowId(int columnIndex, RowId x) throws SQLException {
    checkOpen();
    try {
      delegate.updateRowId(columnIndex, GuardedValues.raw(x));
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateRowId(String columnLabel, RowId x) throws SQLException {
    checkOpen();
    try {
      delegate.updateRowId(columnLabel, GuardedValues.raw(x));
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getHoldability() throws SQLException {
    checkOpen();
    try {
      return delegate.getHoldability();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateNString(int columnIndex, String nString) throws SQLException {
    checkOpen();
    try {
      delegate.updateNString(columnIndex, nString);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateNString(String columnLabel, String nString) throws SQLException {
    checkOpen();
    try {
      delegate.updateNString(columnLabel, nString);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateNClob(int columnIndex, NClob nClob) throws SQLException {
    checkOpen();
    try {
      delegate.updateNClob(columnIndex, GuardedValues.raw(nClob));
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateNClob(String columnLabel, NClob nClob) throws SQLException {
    checkOpen();
    try {
      delegate.updateNClob(columnLabel, GuardedValues.raw(nClob));
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public NClob getNClob(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.clob(v);
    }
    try {
      return connection.wrap(delegate.getNClob(columnIndex));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public NClob getNClob(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.clob(v);
    }
    try {
      return connection.wrap(delegate.getNClob(columnLabel));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public SQLXML getSQLXML(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.none(v, m, "SQLXML");
    }
    try {
      return connection.wrap(delegate.getSQLXML(columnIndex));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public SQLXML getSQLXML(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.none(v, m, "SQLXML");
    }
    try {
      return connection.wrap(delegate.getSQLXML(columnLabel));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateSQLXML(int columnIndex, SQLXML xmlObject) throws SQLException {
    checkOpen();
    try {
      delegate.updateSQLXML(columnIndex, GuardedValues.raw(xmlObject));
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateSQLXML(String columnLabel, SQLXML xmlObject) throws SQLException {
    checkOpen();
    try {
      delegate.updateSQLXML(columnLabel, GuardedValues.raw(xmlObject));
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getNString(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.string(v);
    }
    try {
      return delegate.getNString(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getNString(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.string(v);
    }
    try {
      return delegate.getNString(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.io.Reader getNCharacterStream(int columnIndex) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.reader(v);
    }
    try {
      return delegate.getNCharacterStream(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.io.Reader getNCharacterStream(String columnLabel) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.reader(v);
    }
    try {
      return delegate.getNCharacterStream(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateNCharacterStream(int columnIndex, java.io.Reader x, long length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateNCharacterStream(columnIndex, x, length);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateNCharacterStream(String columnLabel, java.io.Reader reader, long length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateNCharacterStream(columnLabel, reader, length);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateAsciiStream(int columnIndex, java.io.InputStream x, long length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateAsciiStream(columnIndex, x, length);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBinaryStream(int columnIndex, java.io.InputStream x, long length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateBinaryStream(columnIndex, x, length);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateCharacterStream(int columnIndex, java.io.Reader x, long length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateCharacterStream(columnIndex, x, length);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateAsciiStream(String columnLabel, java.io.InputStream x, long length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateAsciiStream(columnLabel, x, length);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBinaryStream(String columnLabel, java.io.InputStream x, long length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateBinaryStream(columnLabel, x, length);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateCharacterStream(String columnLabel, java.io.Reader reader, long length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateCharacterStream(columnLabel, reader, length);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBlob(int columnIndex, InputStream inputStream, long length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateBlob(columnIndex, inputStream, length);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBlob(String columnLabel, InputStream inputStream, long length)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateBlob(columnLabel, inputStream, length);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateClob(int columnIndex, Reader reader, long length) throws SQLException {
    checkOpen();
    try {
      delegate.updateClob(columnIndex, reader, length);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateClob(String columnLabel, Reader reader, long length) throws SQLException {
    checkOpen();
    try {
      delegate.updateClob(columnLabel, reader, length);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateNClob(int columnIndex, Reader reader, long length) throws SQLException {
    checkOpen();
    try {
      delegate.updateNClob(columnIndex, reader, length);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateNClob(String columnLabel, Reader reader, long length) throws SQLException {
    checkOpen();
    try {
      delegate.updateNClob(columnLabel, reader, length);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateNCharacterStream(int columnIndex, java.io.Reader x) throws SQLException {
    checkOpen();
    try {
      delegate.updateNCharacterStream(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateNCharacterStream(String columnLabel, java.io.Reader reader)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateNCharacterStream(columnLabel, reader);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateAsciiStream(int columnIndex, java.io.InputStream x) throws SQLException {
    checkOpen();
    try {
      delegate.updateAsciiStream(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBinaryStream(int columnIndex, java.io.InputStream x) throws SQLException {
    checkOpen();
    try {
      delegate.updateBinaryStream(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateCharacterStream(int columnIndex, java.io.Reader x) throws SQLException {
    checkOpen();
    try {
      delegate.updateCharacterStream(columnIndex, x);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateAsciiStream(String columnLabel, java.io.InputStream x) throws SQLException {
    checkOpen();
    try {
      delegate.updateAsciiStream(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBinaryStream(String columnLabel, java.io.InputStream x) throws SQLException {
    checkOpen();
    try {
      delegate.updateBinaryStream(columnLabel, x);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateCharacterStream(String columnLabel, java.io.Reader reader) throws SQLException {
    checkOpen();
    try {
      delegate.updateCharacterStream(columnLabel, reader);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBlob(int columnIndex, InputStream inputStream) throws SQLException {
    checkOpen();
    try {
      delegate.updateBlob(columnIndex, inputStream);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateBlob(String columnLabel, InputStream inputStream) throws SQLException {
    checkOpen();
    try {
      delegate.updateBlob(columnLabel, inputStream);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateClob(int columnIndex, Reader reader) throws SQLException {
    checkOpen();
    try {
      delegate.updateClob(columnIndex, reader);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateClob(String columnLabel, Reader reader) throws SQLException {
    checkOpen();
    try {
      delegate.updateClob(columnLabel, reader);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateNClob(int columnIndex, Reader reader) throws SQLException {
    checkOpen();
    try {
      delegate.updateNClob(columnIndex, reader);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateNClob(String columnLabel, Reader reader) throws SQLException {
    checkOpen();
    try {
      delegate.updateNClob(columnLabel, reader);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnIndex);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.object(v, type, m);
    }
    try {
      return type.cast(connection.wrapObject(delegate.getObject(columnIndex, type)));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    checkOpen();
    ColumnMasker.Rule m = masked(columnLabel);
    if (m != null) {
      Object v = maskedValue(m);
      return MaskedValues.object(v, type, m);
    }
    try {
      return type.cast(connection.wrapObject(delegate.getObject(columnLabel, type)));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateObject(int columnIndex, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateObject(columnIndex, GuardedValues.raw(x), targetSqlType, scaleOrLength);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateObject(columnLabel, GuardedValues.raw(x), targetSqlType, scaleOrLength);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException {
    checkOpen();
    try {
      delegate.updateObject(columnIndex, GuardedValues.raw(x), targetSqlType);
      touched(columnIndex);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void updateObject(String columnLabel, Object x, SQLType targetSqlType)
      throws SQLException {
    checkOpen();
    try {
      delegate.updateObject(columnLabel, GuardedValues.raw(x), targetSqlType);
      touched(columnLabel);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }
}
