package io.phiguard.driver.jdbc;

import java.sql.Ref;
import java.sql.SQLException;

/** A delegate {@link Ref} handed out by PhiGuard. */
public final class GuardedRef extends GuardedValues.Guarded implements Ref {
  private final GuardedConnection connection;
  private final Ref delegate;

  GuardedRef(GuardedConnection connection, Ref delegate) {
    this.connection = connection;
    this.delegate = delegate;
  }

  @Override
  Object rawValue() {
    return delegate;
  }

  @Override
  public String toString() {
    // never the delegate's: drivers print the value (H2: "clob2: 'the text'")
    return "GuardedRef[" + connection + "]";
  }

  // ---- pass-through: checked, forwarded, exceptions rebuilt ----

  @Override
  public String getBaseTypeName() throws SQLException {
    try {
      return delegate.getBaseTypeName();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Object getObject(java.util.Map<String, Class<?>> map) throws SQLException {
    try {
      return connection.wrapObject(delegate.getObject(map));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Object getObject() throws SQLException {
    try {
      return connection.wrapObject(delegate.getObject());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setObject(Object value) throws SQLException {
    try {
      delegate.setObject(GuardedValues.raw(value));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }
}
