package io.phiguard.driver.jdbc;

import java.sql.Statement;

/** A delegate {@link Statement} behind PhiGuard's gate. */
public final class GuardedStatement extends AbstractGuardedStatement<Statement> {

  GuardedStatement(GuardedConnection connection, Statement delegate) {
    super(connection, delegate);
  }
}
