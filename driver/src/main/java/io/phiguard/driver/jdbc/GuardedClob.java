package io.phiguard.driver.jdbc;

import java.sql.Clob;

/** A delegate {@link Clob} handed out by PhiGuard. */
public final class GuardedClob extends AbstractGuardedClob<Clob> {

  GuardedClob(GuardedConnection connection, Clob delegate) {
    super(connection, delegate);
  }
}
