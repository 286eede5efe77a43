package io.phiguard.it.pool;

import io.phiguard.driver.GateDecision;
import io.phiguard.driver.GateListener;
import io.phiguard.driver.GateRequest;
import io.phiguard.driver.Operation;
import io.phiguard.policy.Identity;
import java.sql.SQLException;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Checks every gate decision against the identity the executing thread asserted: the subject of its
 * innermost {@link ExpectedIdentity} scope, or the connection identity outside any scope. The
 * listener runs on the thread that executes the statement, so the thread-local expectation is the
 * truth for that statement.
 */
final class IdentityCheckingListener implements GateListener {
  private static final int SAMPLES = 20;

  private final String connectionSubject;
  final LongAdder prepares = new LongAdder();
  final LongAdder executions = new LongAdder();
  final LongAdder outsideScope = new LongAdder();
  final LongAdder mismatches = new LongAdder();
  final LongAdder outcomes = new LongAdder();
  final LongAdder failedOutcomes = new LongAdder();
  final Queue<String> mismatchSamples = new ConcurrentLinkedQueue<>();
  // guarded connection id -> ids of the threads that ran statements on it
  final Map<Long, Set<Long>> threadsByConnection = new ConcurrentHashMap<>();

  IdentityCheckingListener(String connectionSubject) {
    this.connectionSubject = connectionSubject;
  }

  @Override
  public void onDecision(GateRequest request, GateDecision decision) throws SQLException {
    if (request.operation() == Operation.PREPARE) {
      prepares.increment();
    } else {
      executions.increment();
    }
    threadsByConnection
        .computeIfAbsent(request.connection().connectionId(), id -> ConcurrentHashMap.newKeySet())
        .add(Thread.currentThread().getId());
    String expected = ExpectedIdentity.current();
    Identity actual = request.identity();
    boolean matches;
    if (expected == null) {
      outsideScope.increment();
      matches =
          actual.subject().equals(connectionSubject)
              && actual.source() == Identity.Source.CONNECTION_PROPERTIES;
    } else {
      matches = actual.subject().equals(expected) && actual.source() == Identity.Source.APPLICATION;
    }
    if (!matches) {
      mismatches.increment();
      if (mismatchSamples.size() < SAMPLES) {
        mismatchSamples.add(
            Thread.currentThread().getName()
                + " expected "
                + (expected == null ? connectionSubject + " (connection)" : expected)
                + " but the gate saw "
                + actual);
      }
    }
  }

  @Override
  public void onOutcome(GateDecision decision, SQLException failure) {
    outcomes.increment();
    if (failure != null) {
      failedOutcomes.increment();
    }
  }
}
