package io.phiguard.driver.jdbc;

import java.sql.NClob;

/** A delegate {@link NClob} handed out by PhiGuard: a {@code Clob} of national characters. */
public final class GuardedNClob extends AbstractGuardedClob<NClob> implements NClob {

  GuardedNClob(GuardedConnection connection, NClob delegate) {
    super(connection, delegate);
  }
}
