package io.phiguard.driver.jdbc;

import io.phiguard.driver.ApprovalWait;
import io.phiguard.driver.BoundValues;
import io.phiguard.driver.GateDecision;
import io.phiguard.driver.Operation;
import io.phiguard.driver.ParameterDigest;
import io.phiguard.driver.PhiGuardErrors;
import io.phiguard.driver.SqlState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Statement} methods shared by PhiGuard's statement wrappers. Every method taking SQL
 * text is judged by the gate, under the identity of the moment it runs.
 *
 * @param <S> the delegate's statement type
 */
abstract class AbstractGuardedStatement<S extends Statement> implements Statement {

  /** Runs one SQL text on the delegate. */
  @FunctionalInterface
  interface SqlCall<T> {
    T run(String sql) throws SQLException;
  }

  final GuardedConnection connection;
  final S delegate;
  private final List<String> batch = new ArrayList<>();
  private volatile boolean closed;
  // set by cancel() from another thread: ends a wait for approval
  private volatile boolean cancelled;
  private boolean escapeProcessing = true;
  private ResultSet currentDelegateResultSet;
  private ResultSet currentResultSet;
  // the decision of the last execution, and how many result sets it has produced so far
  private GateDecision lastDecision;
  private int resultSetsOfDecision;
  // the caller's maxRows while a row cap replaced it on the delegate; -1 when not replaced
  private int callersMaxRows = -1;

  AbstractGuardedStatement(GuardedConnection connection, S delegate) {
    this.connection = connection;
    this.delegate = delegate;
  }

  /** Closed by the caller, directly or through its connection. */
  final boolean closedByCaller() {
    return closed || connection.closedByCaller();
  }

  final void checkOpen() throws SQLException {
    if (closedByCaller()) {
      throw PhiGuardErrors.of(
          SqlState.OBJECT_CLOSED, "the statement is closed; create a new statement");
    }
  }

  /** Judges {@code sql}, runs the decided SQL, and reports the outcome. */
  final <T> T run(Operation operation, String sql, SqlCall<T> call) throws SQLException {
    checkOpen();
    GateDecision decision = connection.decide(operation, sql, escapeProcessing);
    return runDecided(decision, call);
  }

  /** A check of the decision before the delegate runs (generated keys). */
  @FunctionalInterface
  interface DecisionCheck {
    void check(GateDecision decision) throws SQLException;
  }

  /** Like {@link #run}, refusing before the delegate runs when {@code check} says so. */
  final <T> T runChecked(Operation operation, String sql, DecisionCheck check, SqlCall<T> call)
      throws SQLException {
    checkOpen();
    GateDecision decision = connection.decide(operation, sql, escapeProcessing);
    try {
      check.check(decision);
    } catch (SQLException refusal) {
      connection.outcome(decision, refusal);
      throw refusal;
    }
    return runDecided(decision, call);
  }

  final <T> T runDecided(GateDecision judged, SqlCall<T> call) throws SQLException {
    // a rows > N rule: the planner's estimate with these values may hold it for approval
    GateDecision decided =
        judged.rowCheck() == null
            ? judged
            : connection.checkRows(judged, parametersDigest(), boundValues());
    GateDecision decision = decided;
    if (decided.needsApproval()) {
      try {
        // a statement held for approval runs only with a redeemed grant for these exact values
        decision = connection.approve(decided, parametersDigest(), approvalWait());
      } catch (SQLException refusal) {
        connection.outcome(decided, refusal);
        throw refusal;
      }
    }
    executing(decision);
    try {
      limitRows(decision);
      T result = call.run(decision.sql());
      connection.outcome(decision, null, rowsOf(result));
      return result;
    } catch (SQLException e) {
      SQLException rebuilt = VendorErrors.rebuild(e);
      connection.outcome(decision, rebuilt);
      throw rebuilt;
    }
  }

  /** The row count an update call returned; -1 for anything else (a query, {@code execute}). */
  static long rowsOf(Object result) {
    if (result instanceof Integer count) {
      return count < 0 ? -1 : count;
    }
    if (result instanceof Long count) {
      return count < 0 ? -1 : count;
    }
    return -1;
  }

  /** Entry {@code i} of a batch's counts, when the driver reported one per statement. */
  static long rowsOf(Object result, int i, int statements) {
    if (result instanceof int[] counts && counts.length == statements) {
      return counts[i] < 0 ? -1 : counts[i];
    }
    if (result instanceof long[] counts && counts.length == statements) {
      return counts[i] < 0 ? -1 : counts[i];
    }
    return -1;
  }

  /** A new execution: its result sets are counted from the first again. */
  private void executing(GateDecision decision) {
    lastDecision = decision;
    resultSetsOfDecision = 0;
    currentDelegateResultSet = null;
    currentResultSet = null;
  }

  /**
   * The guarded form of a result set of the last execution: the same wrapper for the same delegate
   * result set. Post-processed columns (hash, detect) describe the statement's first result set
   * only; a further one, while they exist, is refused (fail closed: which of its columns are raw is
   * unknown).
   */
  final ResultSet wrap(ResultSet resultSet) throws SQLException {
    if (resultSet == null) {
      return null;
    }
    if (resultSet == currentDelegateResultSet && currentResultSet != null) {
      return currentResultSet;
    }
    GateDecision decision = lastDecision;
    int ordinal = resultSetsOfDecision++;
    if (ordinal > 0 && decision != null && !decision.resultMasks().postProcess().isEmpty()) {
      throw PhiGuardErrors.of(
          SqlState.POLICY_DENIED,
          "the statement returned more result sets than PhiGuard analysed, and its columns masked"
              + " by hash or detect are tied to the first; further result sets are refused",
          "mask",
          decision.id());
    }
    ResultSet wrapped = connection.wrap(resultSet, this, decision, ordinal == 0);
    currentDelegateResultSet = resultSet;
    currentResultSet = wrapped;
    return wrapped;
  }

  /**
   * Holds the delegate to the decision's row cap: at most cap + 1 rows, so the row past the cap is
   * seen and refused without fetching the rest (pgjdbc otherwise reads every row before the first
   * is returned). The caller's own, tighter maxRows stays; it is restored when no cap applies.
   */
  private void limitRows(GateDecision decision) throws SQLException {
    long cap = decision.rowCap();
    if (cap < 0 || cap >= Integer.MAX_VALUE) {
      if (callersMaxRows >= 0) {
        delegate.setMaxRows(callersMaxRows);
        callersMaxRows = -1;
      }
      return;
    }
    int callers = callersMaxRows >= 0 ? callersMaxRows : delegate.getMaxRows();
    if (callers > 0 && callers <= cap + 1) {
      if (callersMaxRows >= 0) {
        delegate.setMaxRows(callers);
        callersMaxRows = -1;
      }
      return;
    }
    delegate.setMaxRows((int) cap + 1);
    callersMaxRows = callers;
  }

  /** The values bound for this execution, to estimate its rows with; null for a plain statement. */
  BoundValues boundValues() {
    return null;
  }

  /** The digest of the values bound for this execution; none for a plain statement. */
  String parametersDigest() {
    return ParameterDigest.none();
  }

  /** The wait of one execution: from now until the query timeout, or until cancel(). */
  private ApprovalWait approvalWait() throws SQLException {
    cancelled = false;
    int timeout = delegate.getQueryTimeout();
    Instant deadline = timeout > 0 ? Instant.now().plusSeconds(timeout) : null;
    return new ApprovalWait() {
      @Override
      public Instant deadline() {
        return deadline;
      }

      @Override
      public boolean cancelled() {
        return cancelled;
      }
    };
  }

  /** Refuses a batch holding a statement that needs approval: each is approved on its own. */
  final void refuseApprovalInBatch(List<GateDecision> decisions) throws SQLException {
    for (GateDecision decision : decisions) {
      if (decision.needsApproval()) {
        SQLException refusal =
            PhiGuardErrors.of(
                SqlState.POLICY_DENIED,
                "a statement in this batch needs approval under rule "
                    + decision.approvalRule()
                    + "; a grant covers one statement with one set of values, so run it on its"
                    + " own with execute()",
                decision.approvalRule(),
                decision.id());
        decisions.forEach(d -> connection.outcome(d, refusal));
        throw refusal;
      }
    }
  }

  // ---- SQL text: judged by the gate ----

  @Override
  public final ResultSet executeQuery(String sql) throws SQLException {
    return wrap(run(Operation.EXECUTE_QUERY, sql, delegate::executeQuery));
  }

  @Override
  public final int executeUpdate(String sql) throws SQLException {
    return run(Operation.EXECUTE_UPDATE, sql, delegate::executeUpdate);
  }

  @Override
  public final int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return runChecked(
        Operation.EXECUTE_UPDATE,
        sql,
        d -> GeneratedKeys.checkFlag(d, autoGeneratedKeys),
        s -> delegate.executeUpdate(s, autoGeneratedKeys));
  }

  @Override
  public final int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return runChecked(
        Operation.EXECUTE_UPDATE,
        sql,
        d -> GeneratedKeys.checkIndexes(d, columnIndexes),
        s -> delegate.executeUpdate(s, columnIndexes));
  }

  @Override
  public final int executeUpdate(String sql, String[] columnNames) throws SQLException {
    return runChecked(
        Operation.EXECUTE_UPDATE,
        sql,
        d -> GeneratedKeys.checkNames(d, columnNames),
        s -> delegate.executeUpdate(s, columnNames));
  }

  @Override
  public final long executeLargeUpdate(String sql) throws SQLException {
    return run(Operation.EXECUTE_UPDATE, sql, delegate::executeLargeUpdate);
  }

  @Override
  public final long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return runChecked(
        Operation.EXECUTE_UPDATE,
        sql,
        d -> GeneratedKeys.checkFlag(d, autoGeneratedKeys),
        s -> delegate.executeLargeUpdate(s, autoGeneratedKeys));
  }

  @Override
  public final long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return runChecked(
        Operation.EXECUTE_UPDATE,
        sql,
        d -> GeneratedKeys.checkIndexes(d, columnIndexes),
        s -> delegate.executeLargeUpdate(s, columnIndexes));
  }

  @Override
  public final long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    return runChecked(
        Operation.EXECUTE_UPDATE,
        sql,
        d -> GeneratedKeys.checkNames(d, columnNames),
        s -> delegate.executeLargeUpdate(s, columnNames));
  }

  @Override
  public final boolean execute(String sql) throws SQLException {
    return run(Operation.EXECUTE, sql, delegate::execute);
  }

  @Override
  public final boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    return runChecked(
        Operation.EXECUTE,
        sql,
        d -> GeneratedKeys.checkFlag(d, autoGeneratedKeys),
        s -> delegate.execute(s, autoGeneratedKeys));
  }

  @Override
  public final boolean execute(String sql, int[] columnIndexes) throws SQLException {
    return runChecked(
        Operation.EXECUTE,
        sql,
        d -> GeneratedKeys.checkIndexes(d, columnIndexes),
        s -> delegate.execute(s, columnIndexes));
  }

  @Override
  public final boolean execute(String sql, String[] columnNames) throws SQLException {
    return runChecked(
        Operation.EXECUTE,
        sql,
        d -> GeneratedKeys.checkNames(d, columnNames),
        s -> delegate.execute(s, columnNames));
  }

  /**
   * Judged now, so a refused statement fails where it is added; judged again, under the identity of
   * that moment, when the batch executes. Nothing reaches the delegate before then.
   */
  @Override
  public final void addBatch(String sql) throws SQLException {
    checkOpen();
    GateDecision decision = connection.decide(Operation.ADD_BATCH, sql, escapeProcessing);
    connection.outcome(decision, null);
    batch.add(sql);
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    batch.clear();
    try {
      delegate.clearBatch();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int[] executeBatch() throws SQLException {
    checkOpen();
    List<GateDecision> decisions = judgeBatch();
    return runBatch(decisions, delegate::executeBatch);
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    checkOpen();
    List<GateDecision> decisions = judgeBatch();
    return runBatch(decisions, delegate::executeLargeBatch);
  }

  /** A batch run: the delegate call that executes what was added. */
  @FunctionalInterface
  interface BatchCall<T> {
    T run() throws SQLException;
  }

  /** Judges every queued statement again and hands the decided SQL to the delegate. */
  List<GateDecision> judgeBatch() throws SQLException {
    List<GateDecision> decisions = new ArrayList<>(batch.size());
    for (String sql : batch) {
      decisions.add(connection.decide(Operation.EXECUTE_BATCH, sql, escapeProcessing));
    }
    batch.clear();
    try {
      for (GateDecision decision : decisions) {
        delegate.addBatch(decision.sql());
      }
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
    return decisions;
  }

  final <T> T runBatch(List<GateDecision> decisions, BatchCall<T> call) throws SQLException {
    refuseApprovalInBatch(decisions);
    // a batch yields update counts; any result set it leaves is verified as a masked one's would be
    executing(decisions.isEmpty() ? null : decisions.get(decisions.size() - 1));
    try {
      T result = call.run();
      for (int i = 0; i < decisions.size(); i++) {
        connection.outcome(decisions.get(i), null, rowsOf(result, i, decisions.size()));
      }
      return result;
    } catch (SQLException e) {
      SQLException rebuilt = VendorErrors.rebuild(e);
      decisions.forEach(d -> connection.outcome(d, rebuilt));
      throw rebuilt;
    }
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    checkOpen();
    try {
      delegate.setEscapeProcessing(enable);
      escapeProcessing = enable;
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  // ---- back-references: always guarded ----

  @Override
  public final Connection getConnection() throws SQLException {
    checkOpen();
    // guarded connection: delegate.getConnection() would bypass the gate
    return connection;
  }

  @Override
  public final ResultSet getResultSet() throws SQLException {
    checkOpen();
    try {
      // the same delegate result set yields the same wrapper, as callers may compare them
      return wrap(delegate.getResultSet());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public final ResultSet getGeneratedKeys() throws SQLException {
    checkOpen();
    try {
      // generated keys are not the result the analysis describes: verified, never post-processed
      return connection.wrap(delegate.getGeneratedKeys(), this, lastDecision, false);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public final SQLWarning getWarnings() throws SQLException {
    checkOpen();
    try {
      return connection.wrap(delegate.getWarnings());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  // ---- life cycle ----

  @Override
  public final void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    ResultSet open = currentResultSet;
    if (open != null) {
      try {
        // closed with its statement, as JDBC says: its rows-read outcome is recorded too
        open.close();
      } catch (SQLException e) {
        // the statement closes anyway
      }
    }
    try {
      delegate.close();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public final boolean isClosed() throws SQLException {
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
  public final <T> T unwrap(Class<T> iface) throws SQLException {
    checkOpen();
    return GuardedValues.unwrap(this, delegate, iface, connection.context().allowUnwrap());
  }

  @Override
  public final boolean isWrapperFor(Class<?> iface) throws SQLException {
    checkOpen();
    return GuardedValues.isWrapperFor(this, delegate, iface, connection.context().allowUnwrap());
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + connection + (closed ? ", closed" : "") + "]";
  }

  // ---- pass-through: checked, forwarded, exceptions rebuilt ----

  @Override
  public int getMaxFieldSize() throws SQLException {
    checkOpen();
    try {
      return delegate.getMaxFieldSize();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    checkOpen();
    try {
      delegate.setMaxFieldSize(max);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getMaxRows() throws SQLException {
    checkOpen();
    try {
      return callersMaxRows >= 0 ? callersMaxRows : delegate.getMaxRows();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    checkOpen();
    try {
      delegate.setMaxRows(max);
      callersMaxRows = -1;
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    checkOpen();
    try {
      return delegate.getQueryTimeout();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    checkOpen();
    try {
      delegate.setQueryTimeout(seconds);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void cancel() throws SQLException {
    checkOpen();
    cancelled = true;
    try {
      delegate.cancel();
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
  public void setCursorName(String name) throws SQLException {
    checkOpen();
    try {
      delegate.setCursorName(name);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getUpdateCount() throws SQLException {
    checkOpen();
    try {
      return delegate.getUpdateCount();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    checkOpen();
    try {
      return delegate.getMoreResults();
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
  public int getResultSetConcurrency() throws SQLException {
    checkOpen();
    try {
      return delegate.getResultSetConcurrency();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getResultSetType() throws SQLException {
    checkOpen();
    try {
      return delegate.getResultSetType();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    checkOpen();
    try {
      return delegate.getMoreResults(current);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    checkOpen();
    try {
      return delegate.getResultSetHoldability();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setPoolable(boolean poolable) throws SQLException {
    checkOpen();
    try {
      delegate.setPoolable(poolable);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isPoolable() throws SQLException {
    checkOpen();
    try {
      return delegate.isPoolable();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    checkOpen();
    try {
      delegate.closeOnCompletion();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    checkOpen();
    try {
      return delegate.isCloseOnCompletion();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    checkOpen();
    try {
      return delegate.getLargeUpdateCount();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    checkOpen();
    try {
      delegate.setLargeMaxRows(max);
      callersMaxRows = -1;
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    checkOpen();
    try {
      return callersMaxRows >= 0 ? callersMaxRows : delegate.getLargeMaxRows();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String enquoteLiteral(String val) throws SQLException {
    checkOpen();
    try {
      return delegate.enquoteLiteral(val);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
    checkOpen();
    try {
      return delegate.enquoteIdentifier(identifier, alwaysQuote);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isSimpleIdentifier(String identifier) throws SQLException {
    checkOpen();
    try {
      return delegate.isSimpleIdentifier(identifier);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String enquoteNCharLiteral(String val) throws SQLException {
    checkOpen();
    try {
      return delegate.enquoteNCharLiteral(val);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }
}
