package io.phiguard.driver;

import java.sql.SQLException;

/**
 * Receives every gate decision before the delegate runs the statement, and its outcome after. The
 * audit trail is one such listener.
 *
 * <p>A listener that throws from {@link #onDecision} refuses the statement: a decision that cannot
 * be recorded must not run.
 */
public interface GateListener {

  /** A listener that records nothing. */
  GateListener NONE = new GateListener() {};

  /** Called before the delegate runs the statement; an exception refuses it. */
  default void onDecision(GateRequest request, GateDecision decision) throws SQLException {}

  /**
   * Called when the gate refuses a statement, before the refusal reaches the caller. It cannot
   * change the outcome: an exception here is ignored and the refusal stands.
   */
  default void onDenied(GateDecision decision, SQLException refusal) {}

  /**
   * Called after the delegate ran the statement.
   *
   * @param failure the rebuilt exception the caller receives, or null on success
   */
  default void onOutcome(GateDecision decision, SQLException failure) {}

  /**
   * Called after the delegate ran the statement, with the row count it reported.
   *
   * @param failure the rebuilt exception the caller receives, or null on success
   * @param rows rows inserted, updated or deleted; -1 when not known (a query's rows are read
   *     later, through its result set)
   */
  default void onOutcome(GateDecision decision, SQLException failure, long rows) {
    onOutcome(decision, failure);
  }

  /**
   * Called when a result set of {@code decision} has a column whose base (as the database reports
   * it) is a protected column the analysis did not mask: the driver masks it in Java and tells the
   * listener once per result set and column. Cannot change the outcome; exceptions are ignored.
   *
   * @param column the protected column, {@code table.column}
   * @param index the 1-based result column index
   */
  default void onLineageMiss(GateDecision decision, String column, int index) {}

  /**
   * Called when the result set of {@code decision}'s statement closes, with the rows the caller
   * advanced through ({@code next()} returning true). Cannot change the outcome.
   */
  default void onRowsRead(GateDecision decision, long rows) {}
}
