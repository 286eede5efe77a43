package io.phiguard.driver.jdbc;

import io.phiguard.driver.GateDecision;
import java.sql.PreparedStatement;

/** A delegate {@link PreparedStatement} behind PhiGuard's gate. */
public final class GuardedPreparedStatement
    extends AbstractGuardedPreparedStatement<PreparedStatement> {

  GuardedPreparedStatement(
      GuardedConnection connection, PreparedStatement delegate, GateDecision prepared) {
    super(connection, delegate, prepared);
  }
}
