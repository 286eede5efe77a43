package io.phiguard.driver.jdbc;

import java.sql.SQLException;
import java.sql.Savepoint;

/** A delegate {@link Savepoint} handed out by PhiGuard. */
public final class GuardedSavepoint extends GuardedValues.Guarded implements Savepoint {
  private final GuardedConnection connection;
  private final Savepoint delegate;

  GuardedSavepoint(GuardedConnection connection, Savepoint delegate) {
    this.connection = connection;
    this.delegate = delegate;
  }

  @Override
  Object rawValue() {
    return delegate;
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  // ---- pass-through: checked, forwarded, exceptions rebuilt ----

  @Override
  public int getSavepointId() throws SQLException {
    try {
      return delegate.getSavepointId();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getSavepointName() throws SQLException {
    try {
      return delegate.getSavepointName();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }
}
