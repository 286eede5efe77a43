package io.phiguard.driver.jdbc;

import io.phiguard.driver.ApprovalWait;
import io.phiguard.driver.BoundValues;
import io.phiguard.driver.ConnectionContext;
import io.phiguard.driver.Explanation;
import io.phiguard.driver.GateDecision;
import io.phiguard.driver.Operation;
import io.phiguard.driver.PhiGuardErrors;
import io.phiguard.driver.SqlState;
import io.phiguard.driver.StatementGate;
import io.phiguard.policy.Identity;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A delegate {@link Connection} behind PhiGuard's gate. Every statement it creates is guarded, and
 * every object it hands out is a guarded object whose back-references lead here, never to the
 * delegate.
 */
public final class GuardedConnection implements Connection {
  private final Connection delegate;
  private final ConnectionContext context;
  private volatile boolean closed;

  private GuardedConnection(Connection delegate, ConnectionContext context) {
    this.delegate = delegate;
    this.context = context;
  }

  /** Puts {@code delegate} behind the gate of {@code context}. */
  public static GuardedConnection wrap(Connection delegate, ConnectionContext context) {
    return new GuardedConnection(delegate, context);
  }

  ConnectionContext context() {
    return context;
  }

  boolean closedByCaller() {
    return closed;
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw PhiGuardErrors.of(
          SqlState.CONNECTION_CLOSED, "the connection is closed; open a new connection");
    }
  }

  /** Judges {@code sql} as the identity in effect now. */
  GateDecision decide(Operation operation, String sql, boolean escapeProcessing)
      throws SQLException {
    return context.gate().decide(operation, sql, escapeProcessing, context);
  }

  /**
   * What PhiGuard would do with {@code sql} as {@code identity} (or, when null, the identity in
   * effect now), without running it. See {@link io.phiguard.driver.PhiGuard#explain}.
   */
  public Explanation explain(String sql, Identity identity) throws SQLException {
    checkOpen();
    return context
        .gate()
        .explain(sql, identity != null ? identity : context.identityNow(), context);
  }

  /** Whether the policy may hold statements for approval (bound values are then digested). */
  boolean holdsForApproval() {
    return context.gate().holdsForApproval();
  }

  /** {@code decision} approved when it needs approval; see {@link StatementGate#approve}. */
  GateDecision approve(GateDecision decision, String paramsDigest, ApprovalWait wait)
      throws SQLException {
    return context.gate().approve(decision, paramsDigest, wait);
  }

  /** {@code decision} with its row count checked; see {@link StatementGate#checkRows}. */
  GateDecision checkRows(GateDecision decision, String paramsDigest, BoundValues values) {
    return context.gate().checkRows(decision, paramsDigest, values, context);
  }

  /** The {@code PH006} refusal of a read past {@code decision}'s row cap, reported. */
  SQLException rowCapReached(GateDecision decision) {
    return context.gate().rowCapReached(decision, context);
  }

  /** Reports the outcome of a decided statement. */
  void outcome(GateDecision decision, SQLException failure) {
    context.gate().outcome(decision, failure, context);
  }

  /** Reports how many rows the caller read from the result set of a decided statement. */
  void rowsRead(GateDecision decision, long rows) {
    context.gate().rowsRead(decision, rows);
  }

  /** Reports the outcome of a decided statement with the rows the delegate reported changed. */
  void outcome(GateDecision decision, SQLException failure, long rows) {
    context.gate().outcome(decision, failure, rows, context);
  }

  // ---- wrapping what the delegate returns ----

  ResultSet wrap(ResultSet resultSet, Statement guardedParent) {
    return resultSet == null ? null : new GuardedResultSet(this, guardedParent, resultSet);
  }

  /**
   * A result set of {@code decision}'s statement, masked in Java where the decision says so.
   *
   * @param described whether this is the result set the analysis describes (the statement's first)
   */
  ResultSet wrap(
      ResultSet resultSet, Statement guardedParent, GateDecision decision, boolean described) {
    if (resultSet == null) {
      return null;
    }
    return new GuardedResultSet(
        this,
        guardedParent,
        resultSet,
        ColumnMasker.of(this, decision, resultSet, described),
        described ? decision : null,
        decision != null && decision.rowCap() >= 0 ? decision : null);
  }

  ResultSetMetaData wrap(ResultSetMetaData metaData) {
    return metaData == null ? null : new GuardedResultSetMetaData(this, metaData);
  }

  ParameterMetaData wrap(ParameterMetaData metaData) {
    return metaData == null ? null : new GuardedParameterMetaData(this, metaData);
  }

  Array wrap(Array array) {
    return array == null || array instanceof GuardedArray ? array : new GuardedArray(this, array);
  }

  Blob wrap(Blob blob) {
    return blob == null || blob instanceof GuardedBlob ? blob : new GuardedBlob(this, blob);
  }

  Clob wrap(Clob clob) {
    if (clob instanceof NClob nclob) {
      return wrap(nclob);
    }
    return clob == null || clob instanceof GuardedClob ? clob : new GuardedClob(this, clob);
  }

  NClob wrap(NClob nclob) {
    return nclob == null || nclob instanceof GuardedNClob ? nclob : new GuardedNClob(this, nclob);
  }

  SQLXML wrap(SQLXML xml) {
    return xml == null || xml instanceof GuardedSQLXML ? xml : new GuardedSQLXML(this, xml);
  }

  Ref wrap(Ref ref) {
    return ref == null || ref instanceof GuardedRef ? ref : new GuardedRef(this, ref);
  }

  Struct wrap(Struct struct) {
    return struct == null || struct instanceof GuardedStruct
        ? struct
        : new GuardedStruct(this, struct);
  }

  RowId wrap(RowId rowId) {
    return rowId == null || rowId instanceof GuardedRowId ? rowId : new GuardedRowId(this, rowId);
  }

  Savepoint wrap(Savepoint savepoint) {
    return savepoint == null || savepoint instanceof GuardedSavepoint
        ? savepoint
        : new GuardedSavepoint(this, savepoint);
  }

  SQLWarning wrap(SQLWarning warning) {
    return VendorErrors.rebuildWarnings(warning);
  }

  /**
   * A value from {@code getObject}: JDBC objects are wrapped (a PostgreSQL refcursor arrives as a
   * live {@link ResultSet}); plain values pass unchanged.
   */
  Object wrapObject(Object value) {
    if (value == null || value instanceof GuardedValues.Guarded) {
      return value;
    }
    if (value instanceof ResultSet resultSet) {
      return wrap(resultSet, null);
    } else if (value instanceof Array array) {
      return wrap(array);
    } else if (value instanceof NClob nclob) {
      return wrap(nclob);
    } else if (value instanceof Blob blob) {
      return wrap(blob);
    } else if (value instanceof Clob clob) {
      return wrap(clob);
    } else if (value instanceof SQLXML xml) {
      return wrap(xml);
    } else if (value instanceof Struct struct) {
      return wrap(struct);
    } else if (value instanceof Ref ref) {
      return wrap(ref);
    } else if (value instanceof RowId rowId) {
      return wrap(rowId);
    } else if (value instanceof Connection || value instanceof Statement) {
      // no driver returns these as column values; if one did, it would be a raw escape
      throw new IllegalStateException(
          "the delegate returned a JDBC connection or statement as a value");
    }
    return value;
  }

  Object[] wrapObjects(Object[] values) {
    if (values == null) {
      return null;
    }
    Object[] wrapped = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      wrapped[i] = wrapObject(values[i]);
    }
    return wrapped;
  }

  // ---- statements: every SQL text goes through the gate ----

  @Override
  public Statement createStatement() throws SQLException {
    checkOpen();
    try {
      return new GuardedStatement(this, delegate.createStatement());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    checkOpen();
    try {
      return new GuardedStatement(
          this, delegate.createStatement(resultSetType, resultSetConcurrency));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Statement createStatement(
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    checkOpen();
    try {
      return new GuardedStatement(
          this,
          delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    checkOpen();
    GateDecision decision = decide(Operation.PREPARE, sql, true);
    try {
      return new GuardedPreparedStatement(
          this, delegate.prepareStatement(decision.sql()), decision);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    checkOpen();
    GateDecision decision = decide(Operation.PREPARE, sql, true);
    try {
      return new GuardedPreparedStatement(
          this,
          delegate.prepareStatement(decision.sql(), resultSetType, resultSetConcurrency),
          decision);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    checkOpen();
    GateDecision decision = decide(Operation.PREPARE, sql, true);
    try {
      return new GuardedPreparedStatement(
          this,
          delegate.prepareStatement(
              decision.sql(), resultSetType, resultSetConcurrency, resultSetHoldability),
          decision);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    checkOpen();
    GateDecision decision = decide(Operation.PREPARE, sql, true);
    GeneratedKeys.checkFlag(decision, autoGeneratedKeys);
    try {
      return new GuardedPreparedStatement(
          this, delegate.prepareStatement(decision.sql(), autoGeneratedKeys), decision);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    checkOpen();
    GateDecision decision = decide(Operation.PREPARE, sql, true);
    GeneratedKeys.checkIndexes(decision, columnIndexes);
    try {
      return new GuardedPreparedStatement(
          this, delegate.prepareStatement(decision.sql(), columnIndexes), decision);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    checkOpen();
    GateDecision decision = decide(Operation.PREPARE, sql, true);
    GeneratedKeys.checkNames(decision, columnNames);
    try {
      return new GuardedPreparedStatement(
          this, delegate.prepareStatement(decision.sql(), columnNames), decision);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    checkOpen();
    GateDecision decision = decide(Operation.PREPARE_CALL, sql, true);
    try {
      return new GuardedCallableStatement(this, delegate.prepareCall(decision.sql()), decision);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    checkOpen();
    GateDecision decision = decide(Operation.PREPARE_CALL, sql, true);
    try {
      return new GuardedCallableStatement(
          this,
          delegate.prepareCall(decision.sql(), resultSetType, resultSetConcurrency),
          decision);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public CallableStatement prepareCall(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    checkOpen();
    GateDecision decision = decide(Operation.PREPARE_CALL, sql, true);
    try {
      return new GuardedCallableStatement(
          this,
          delegate.prepareCall(
              decision.sql(), resultSetType, resultSetConcurrency, resultSetHoldability),
          decision);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    checkOpen();
    GateDecision decision = decide(Operation.NATIVE_SQL, sql, true);
    try {
      return delegate.nativeSQL(decision.sql());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    checkOpen();
    try {
      return new GuardedDatabaseMetaData(this, delegate.getMetaData());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  // ---- life cycle: these four work after close ----

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
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    if (closed) {
      return true;
    }
    try {
      return delegate.isClosed();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    if (closed) {
      return false;
    }
    try {
      return delegate.isValid(timeout);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    if (closed) {
      return;
    }
    try {
      delegate.abort(executor);
      closed = true;
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  // ---- no raw escape ----

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    checkOpen();
    return GuardedValues.unwrap(this, delegate, iface, context.allowUnwrap());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    checkOpen();
    return GuardedValues.isWrapperFor(this, delegate, iface, context.allowUnwrap());
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    checkOpen();
    throw shardingRefused();
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey)
      throws SQLException {
    checkOpen();
    throw shardingRefused();
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
    checkOpen();
    throw shardingRefused();
  }

  @Override
  public boolean setShardingKeyIfValid(
      ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
    checkOpen();
    throw shardingRefused();
  }

  private static SQLException shardingRefused() {
    // a sharding key reroutes the connection to another shard the gate never judged
    return PhiGuardErrors.of(
        SqlState.POLICY_DENIED,
        "sharding keys are not supported through PhiGuard; open a connection to the shard's URL"
            + " instead");
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    if (closed) {
      throw new SQLClientInfoException(
          "PhiGuard 08003: the connection is closed; open a new connection",
          SqlState.CONNECTION_CLOSED.code(),
          0,
          Map.of());
    }
    try {
      delegate.setClientInfo(name, value);
    } catch (SQLClientInfoException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    if (closed) {
      throw new SQLClientInfoException(
          "PhiGuard 08003: the connection is closed; open a new connection",
          SqlState.CONNECTION_CLOSED.code(),
          0,
          Map.of());
    }
    try {
      delegate.setClientInfo(properties);
    } catch (SQLClientInfoException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String toString() {
    return "GuardedConnection["
        + context.info().datasource()
        + ", connection "
        + context.info().connectionId()
        + (closed ? ", closed" : "")
        + "]";
  }

  // ---- pass-through: checked, forwarded, exceptions rebuilt ----

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    checkOpen();
    try {
      delegate.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkOpen();
    try {
      return delegate.getAutoCommit();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void commit() throws SQLException {
    checkOpen();
    try {
      delegate.commit();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void rollback() throws SQLException {
    checkOpen();
    try {
      delegate.rollback();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    checkOpen();
    try {
      delegate.setReadOnly(readOnly);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    try {
      return delegate.isReadOnly();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    checkOpen();
    try {
      delegate.setCatalog(catalog);
      // unqualified names now resolve elsewhere
      context.schemaMayHaveChanged();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getCatalog() throws SQLException {
    checkOpen();
    try {
      return delegate.getCatalog();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    try {
      delegate.setTransactionIsolation(level);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    checkOpen();
    try {
      return delegate.getTransactionIsolation();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    try {
      return wrap(delegate.getWarnings());
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
  public java.util.Map<String, Class<?>> getTypeMap() throws SQLException {
    checkOpen();
    try {
      return delegate.getTypeMap();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setTypeMap(java.util.Map<String, Class<?>> map) throws SQLException {
    checkOpen();
    try {
      delegate.setTypeMap(map);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    checkOpen();
    try {
      delegate.setHoldability(holdability);
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
  public Savepoint setSavepoint() throws SQLException {
    checkOpen();
    try {
      return wrap(delegate.setSavepoint());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    checkOpen();
    try {
      return wrap(delegate.setSavepoint(name));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    checkOpen();
    try {
      delegate.rollback(GuardedValues.raw(savepoint));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    checkOpen();
    try {
      delegate.releaseSavepoint(GuardedValues.raw(savepoint));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Clob createClob() throws SQLException {
    checkOpen();
    try {
      return wrap(delegate.createClob());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Blob createBlob() throws SQLException {
    checkOpen();
    try {
      return wrap(delegate.createBlob());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public NClob createNClob() throws SQLException {
    checkOpen();
    try {
      return wrap(delegate.createNClob());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    checkOpen();
    try {
      return wrap(delegate.createSQLXML());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    checkOpen();
    try {
      return delegate.getClientInfo(name);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    checkOpen();
    try {
      return delegate.getClientInfo();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    checkOpen();
    try {
      return wrap(delegate.createArrayOf(typeName, GuardedValues.raw(elements)));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    checkOpen();
    try {
      return wrap(delegate.createStruct(typeName, GuardedValues.raw(attributes)));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    checkOpen();
    try {
      delegate.setSchema(schema);
      // unqualified names now resolve elsewhere
      context.schemaMayHaveChanged();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getSchema() throws SQLException {
    checkOpen();
    try {
      return delegate.getSchema();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    checkOpen();
    try {
      delegate.setNetworkTimeout(executor, milliseconds);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    checkOpen();
    try {
      return delegate.getNetworkTimeout();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void beginRequest() throws SQLException {
    checkOpen();
    try {
      delegate.beginRequest();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void endRequest() throws SQLException {
    checkOpen();
    try {
      delegate.endRequest();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }
}
