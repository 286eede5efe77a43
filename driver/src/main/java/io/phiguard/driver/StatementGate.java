package io.phiguard.driver;

import io.phiguard.policy.Identity;
import io.phiguard.rewrite.JdbcEscapes;
import io.phiguard.rewrite.MalformedEscapeException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place every SQL-carrying JDBC call passes through. It expands JDBC escapes, decides, and
 * tells the {@link GateListener} before anything runs.
 *
 * <p>This version allows every statement unchanged; masking, approvals and audit plug in here.
 */
public final class StatementGate {
  private static final AtomicLong DECISIONS = new AtomicLong();

  private final GateListener listener;

  public StatementGate(GateListener listener) {
    this.listener = listener;
  }

  /**
   * Judges one statement.
   *
   * @param escapeProcessing whether the delegate will expand JDBC escapes in {@code sql}
   * @return the decision, whose {@link GateDecision#sql()} is what the delegate must run
   * @throws SQLException a PhiGuard refusal, or the listener's refusal to record the decision
   */
  public GateDecision decide(
      Operation operation,
      String sql,
      boolean escapeProcessing,
      Identity identity,
      ConnectionInfo connection)
      throws SQLException {
    long id = DECISIONS.incrementAndGet();
    if (sql == null) {
      throw PhiGuardErrors.of(
          SqlState.CANNOT_ANALYSE, "the statement is null; pass the SQL text to run", "", id);
    }
    String analysed = sql;
    if (escapeProcessing) {
      try {
        analysed = JdbcEscapes.expand(sql, connection.dialect());
      } catch (MalformedEscapeException e) {
        throw PhiGuardErrors.of(
            SqlState.CANNOT_ANALYSE,
            "cannot analyse the statement: "
                + e.getMessage()
                + ". Fix the JDBC escape syntax ({fn …}, {call …}, {d '…'} …)",
            "",
            id);
      }
    }
    GateRequest request = new GateRequest(operation, sql, analysed, identity, connection);
    GateDecision decision = new GateDecision(id, sql, "", request);
    listener.onDecision(request, decision);
    return decision;
  }

  /** Reports how a decided statement ended. Never throws. */
  public void outcome(GateDecision decision, SQLException failure) {
    try {
      listener.onOutcome(decision, failure);
    } catch (RuntimeException e) {
      // an outcome that cannot be recorded does not change what already ran
    }
  }
}
