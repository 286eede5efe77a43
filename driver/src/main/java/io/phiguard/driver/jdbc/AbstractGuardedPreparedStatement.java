package io.phiguard.driver.jdbc;

import io.phiguard.driver.BoundValues;
import io.phiguard.driver.GateDecision;
import io.phiguard.driver.Operation;
import io.phiguard.driver.ParameterDigest;
import io.phiguard.driver.PhiGuardErrors;
import io.phiguard.driver.SqlState;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link PreparedStatement} methods shared by PhiGuard's prepared and callable statements. The
 * SQL was judged when it was prepared; every execution is judged again under the identity of that
 * moment, and refused if that identity would need a different statement.
 *
 * @param <P> the delegate's statement type
 */
abstract class AbstractGuardedPreparedStatement<P extends PreparedStatement>
    extends AbstractGuardedStatement<P> implements PreparedStatement {

  private final GateDecision prepared;
  // the bound values as a digest only: approvals bind a grant to them, never seeing them
  // null when the policy holds nothing for approval: no cost on the hot path
  private final ParameterDigest digest;
  // the bound values themselves, for a planner estimate with them (rows > N rules); null as digest
  private final Map<Integer, Object> values;

  AbstractGuardedPreparedStatement(
      GuardedConnection connection, P delegate, GateDecision prepared) {
    super(connection, delegate);
    this.prepared = prepared;
    this.digest = connection.holdsForApproval() ? new ParameterDigest() : null;
    this.values = digest == null ? null : new HashMap<>();
  }

  /** A value bound with setNull, bound again the same way. */
  private record NullOf(int sqlType) {}

  // a value that cannot be bound twice (a stream, a LOB, a driver object): no estimate with it
  private static final Object NOT_REPEATABLE = new Object();

  private void track(int index, String setter, Object value) {
    if (digest != null) {
      digest.bind(index, ParameterDigest.encode(setter, value));
      values.put(index, repeatable(value) ? value : NOT_REPEATABLE);
    }
  }

  private void trackNull(int index, int sqlType) {
    if (digest != null) {
      digest.bind(index, ParameterDigest.encode("setNull", "type " + sqlType));
      values.put(index, new NullOf(sqlType));
    }
  }

  private static boolean repeatable(Object value) {
    return value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Character
        || value instanceof byte[]
        || value instanceof java.util.Date
        || value instanceof java.time.temporal.Temporal
        || value instanceof java.util.UUID;
  }

  @Override
  final BoundValues boundValues() {
    if (values == null) {
      return explain -> false;
    }
    return explain -> {
      for (Map.Entry<Integer, Object> bound : values.entrySet()) {
        Object value = bound.getValue();
        if (value == NOT_REPEATABLE) {
          return false;
        }
        if (value instanceof NullOf n) {
          explain.setNull(bound.getKey(), n.sqlType());
        } else {
          explain.setObject(bound.getKey(), value);
        }
      }
      return true;
    };
  }

  /**
   * The positions in the delegate's statement that take the caller's parameter {@code index}: a
   * rewrite under {@code on-masked-write: keep} repeats a written parameter in place.
   */
  private int[] positions(int index) {
    return prepared.parameters().positions(index);
  }

  /** The one position of a stream parameter; a repeated one is refused. */
  private int single(int index) throws SQLException {
    int[] positions = positions(index);
    if (positions.length != 1) {
      throw PhiGuardErrors.of(
          SqlState.POLICY_DENIED,
          "parameter "
              + index
              + " writes a column under on-masked-write: keep, which compares the value before"
              + " writing it; a stream can be read only once. Bind the value with setString,"
              + " setBytes or setObject instead",
          prepared.rule(),
          prepared.id());
    }
    return positions[0];
  }

  /** Judges the prepared SQL again for the identity in effect now. */
  final GateDecision judgeExecution() throws SQLException {
    checkOpen();
    GateDecision decision =
        connection.decide(Operation.EXECUTE_PREPARED, prepared.request().sql(), true);
    // a different rewrite, or the same text under another verdict (e.g. generated keys checked
    // for an unmasked identity at prepare time): the prepared delegate belongs to the other one
    if (!decision.sql().equals(prepared.sql()) || decision.action() != prepared.action()) {
      // the delegate holds the SQL decided at prepare time; running it for this identity would
      // apply another identity's rewrite
      connection.outcome(decision, null);
      throw PhiGuardErrors.of(
          SqlState.POLICY_DENIED,
          "this statement was prepared for "
              + prepared.request().identity().subject()
              + " and is executed as "
              + decision.request().identity().subject()
              + ", which needs a different rewrite. Prepare it again under the new identity",
          decision.rule(),
          decision.id());
    }
    return decision;
  }

  @Override
  final String parametersDigest() {
    // values untracked (approval rules appeared after prepare): a digest no other run matches
    return digest == null ? ParameterDigest.unrepeatable() : digest.digest();
  }

  /** Runs a parameterless delegate call for the decision made at this execution. */
  final <T> T runPrepared(BatchCall<T> call) throws SQLException {
    GateDecision decision = judgeExecution();
    return runDecided(decision, sql -> call.run());
  }

  @Override
  public final ResultSet executeQuery() throws SQLException {
    return wrap(runPrepared(delegate::executeQuery));
  }

  @Override
  public final int executeUpdate() throws SQLException {
    return runPrepared(delegate::executeUpdate);
  }

  @Override
  public final long executeLargeUpdate() throws SQLException {
    return runPrepared(delegate::executeLargeUpdate);
  }

  @Override
  public final boolean execute() throws SQLException {
    return runPrepared(delegate::execute);
  }

  @Override
  public final void addBatch() throws SQLException {
    checkOpen();
    try {
      delegate.addBatch();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public final int[] executeBatch() throws SQLException {
    GateDecision decision = judgeExecution();
    List<GateDecision> decisions = judgeBatch();
    decisions = prepend(decision, decisions);
    return runBatch(decisions, delegate::executeBatch);
  }

  @Override
  public final long[] executeLargeBatch() throws SQLException {
    GateDecision decision = judgeExecution();
    List<GateDecision> decisions = prepend(decision, judgeBatch());
    return runBatch(decisions, delegate::executeLargeBatch);
  }

  private static List<GateDecision> prepend(GateDecision first, List<GateDecision> rest) {
    if (rest.isEmpty()) {
      return List.of(first);
    }
    rest.add(0, first);
    return rest;
  }

  @Override
  public final ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    try {
      return connection.wrap(delegate.getMetaData());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public final ParameterMetaData getParameterMetaData() throws SQLException {
    checkOpen();
    try {
      return connection.wrap(delegate.getParameterMetaData());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  // ---- pass-through: checked, forwarded, exceptions rebuilt ----

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    checkOpen();
    trackNull(parameterIndex, sqlType);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setNull(position, sqlType);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setBoolean", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setBoolean(position, x);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setByte", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setByte(position, x);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setShort", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setShort(position, x);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setInt", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setInt(position, x);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setLong", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setLong(position, x);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setFloat", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setFloat(position, x);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setDouble", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setDouble(position, x);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setBigDecimal", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setBigDecimal(position, x);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setString", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setString(position, x);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setBytes", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setBytes(position, x);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setDate(int parameterIndex, java.sql.Date x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setDate", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setDate(position, x);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setTime(int parameterIndex, java.sql.Time x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setTime", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setTime(position, x);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setTimestamp(int parameterIndex, java.sql.Timestamp x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setTimestamp", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setTimestamp(position, x);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, java.io.InputStream x, int length)
      throws SQLException {
    checkOpen();
    track(parameterIndex, "setAsciiStream", x);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setAsciiStream(single(parameterIndex), x, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation")
  public void setUnicodeStream(int parameterIndex, java.io.InputStream x, int length)
      throws SQLException {
    checkOpen();
    track(parameterIndex, "setUnicodeStream", x);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setUnicodeStream(single(parameterIndex), x, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, java.io.InputStream x, int length)
      throws SQLException {
    checkOpen();
    track(parameterIndex, "setBinaryStream", x);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setBinaryStream(single(parameterIndex), x, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void clearParameters() throws SQLException {
    checkOpen();
    try {
      if (digest != null) {
        digest.clear();
        values.clear();
      }
      delegate.clearParameters();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    checkOpen();
    track(parameterIndex, "setObject", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setObject(position, GuardedValues.raw(x), targetSqlType);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setObject", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setObject(position, GuardedValues.raw(x));
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, java.io.Reader reader, int length)
      throws SQLException {
    checkOpen();
    track(parameterIndex, "setCharacterStream", reader);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setCharacterStream(single(parameterIndex), reader, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setRef(int parameterIndex, Ref x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setRef", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setRef(position, GuardedValues.raw(x));
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setBlob(int parameterIndex, Blob x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setBlob", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setBlob(position, GuardedValues.raw(x));
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setClob(int parameterIndex, Clob x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setClob", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setClob(position, GuardedValues.raw(x));
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setArray(int parameterIndex, Array x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setArray", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setArray(position, GuardedValues.raw(x));
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setDate(int parameterIndex, java.sql.Date x, Calendar cal) throws SQLException {
    checkOpen();
    track(parameterIndex, "setDate", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setDate(position, x, cal);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setTime(int parameterIndex, java.sql.Time x, Calendar cal) throws SQLException {
    checkOpen();
    track(parameterIndex, "setTime", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setTime(position, x, cal);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setTimestamp(int parameterIndex, java.sql.Timestamp x, Calendar cal)
      throws SQLException {
    checkOpen();
    track(parameterIndex, "setTimestamp", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setTimestamp(position, x, cal);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    checkOpen();
    trackNull(parameterIndex, sqlType);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setNull(position, sqlType, typeName);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setURL(int parameterIndex, java.net.URL x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setURL", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setURL(position, x);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setRowId(int parameterIndex, RowId x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setRowId", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setRowId(position, GuardedValues.raw(x));
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setNString(int parameterIndex, String value) throws SQLException {
    checkOpen();
    track(parameterIndex, "setNString", value);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setNString(position, value);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value, long length)
      throws SQLException {
    checkOpen();
    track(parameterIndex, "setNCharacterStream", value);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setNCharacterStream(single(parameterIndex), value, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setNClob(int parameterIndex, NClob value) throws SQLException {
    checkOpen();
    track(parameterIndex, "setNClob", value);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setNClob(position, GuardedValues.raw(value));
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
    checkOpen();
    track(parameterIndex, "setClob", reader);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setClob(single(parameterIndex), reader, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream, long length)
      throws SQLException {
    checkOpen();
    track(parameterIndex, "setBlob", inputStream);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setBlob(single(parameterIndex), inputStream, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
    checkOpen();
    track(parameterIndex, "setNClob", reader);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setNClob(single(parameterIndex), reader, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
    checkOpen();
    track(parameterIndex, "setSQLXML", xmlObject);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setSQLXML(position, GuardedValues.raw(xmlObject));
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength)
      throws SQLException {
    checkOpen();
    track(parameterIndex, "setObject", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setObject(position, GuardedValues.raw(x), targetSqlType, scaleOrLength);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, java.io.InputStream x, long length)
      throws SQLException {
    checkOpen();
    track(parameterIndex, "setAsciiStream", x);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setAsciiStream(single(parameterIndex), x, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, java.io.InputStream x, long length)
      throws SQLException {
    checkOpen();
    track(parameterIndex, "setBinaryStream", x);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setBinaryStream(single(parameterIndex), x, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, java.io.Reader reader, long length)
      throws SQLException {
    checkOpen();
    track(parameterIndex, "setCharacterStream", reader);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setCharacterStream(single(parameterIndex), reader, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, java.io.InputStream x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setAsciiStream", x);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setAsciiStream(single(parameterIndex), x);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, java.io.InputStream x) throws SQLException {
    checkOpen();
    track(parameterIndex, "setBinaryStream", x);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setBinaryStream(single(parameterIndex), x);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, java.io.Reader reader) throws SQLException {
    checkOpen();
    track(parameterIndex, "setCharacterStream", reader);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setCharacterStream(single(parameterIndex), reader);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
    checkOpen();
    track(parameterIndex, "setNCharacterStream", value);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setNCharacterStream(single(parameterIndex), value);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setClob(int parameterIndex, Reader reader) throws SQLException {
    checkOpen();
    track(parameterIndex, "setClob", reader);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setClob(single(parameterIndex), reader);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
    checkOpen();
    track(parameterIndex, "setBlob", inputStream);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setBlob(single(parameterIndex), inputStream);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader) throws SQLException {
    checkOpen();
    track(parameterIndex, "setNClob", reader);
    try {
      // a stream can be read once: it cannot fill two positions
      delegate.setNClob(single(parameterIndex), reader);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    checkOpen();
    track(parameterIndex, "setObject", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setObject(position, GuardedValues.raw(x), targetSqlType, scaleOrLength);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
    checkOpen();
    track(parameterIndex, "setObject", x);
    try {
      for (int position : positions(parameterIndex)) {
        delegate.setObject(position, GuardedValues.raw(x), targetSqlType);
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }
}
