package io.phiguard.driver;

/** The JDBC call that brought a statement to the gate. */
public enum Operation {
  /** {@code Statement.execute}. */
  EXECUTE,
  /** {@code Statement.executeQuery}. */
  EXECUTE_QUERY,
  /** {@code Statement.executeUpdate} and {@code executeLargeUpdate}. */
  EXECUTE_UPDATE,
  /** {@code Statement.addBatch(String)}: judged when added. */
  ADD_BATCH,
  /** {@code executeBatch} and {@code executeLargeBatch}: each statement of the batch again. */
  EXECUTE_BATCH,
  /** {@code Connection.prepareStatement}. */
  PREPARE,
  /** {@code Connection.prepareCall}. */
  PREPARE_CALL,
  /** {@code execute*} of a prepared or callable statement, under the identity of that moment. */
  EXECUTE_PREPARED,
  /** {@code Connection.nativeSQL}: translation only, nothing runs. */
  NATIVE_SQL,
  /** A write the delegate makes for an updatable result set ({@code updateRow} …), synthesized. */
  RESULT_SET_WRITE
}
