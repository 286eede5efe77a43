package io.phiguard.driver.jdbc;

import java.sql.RowId;

/** A delegate {@link RowId} handed out by PhiGuard. */
public final class GuardedRowId extends GuardedValues.Guarded implements RowId {
  private final GuardedConnection connection;
  private final RowId delegate;

  GuardedRowId(GuardedConnection connection, RowId delegate) {
    this.connection = connection;
    this.delegate = delegate;
  }

  @Override
  Object rawValue() {
    return delegate;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GuardedRowId guarded
        ? delegate.equals(guarded.delegate)
        : delegate.equals(other);
  }

  @Override
  public int hashCode() {
    return delegate.hashCode();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  // ---- pass-through: checked, forwarded, exceptions rebuilt ----

  @Override
  public byte[] getBytes() {
    return delegate.getBytes();
  }
}
