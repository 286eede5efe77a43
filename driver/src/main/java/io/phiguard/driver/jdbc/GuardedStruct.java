package io.phiguard.driver.jdbc;

import java.sql.SQLException;
import java.sql.Struct;

/** A delegate {@link Struct} handed out by PhiGuard. */
public final class GuardedStruct extends GuardedValues.Guarded implements Struct {
  private final GuardedConnection connection;
  private final Struct delegate;

  GuardedStruct(GuardedConnection connection, Struct delegate) {
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
    return "GuardedStruct[" + connection + "]";
  }

  // ---- pass-through: checked, forwarded, exceptions rebuilt ----

  @Override
  public String getSQLTypeName() throws SQLException {
    try {
      return delegate.getSQLTypeName();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Object[] getAttributes() throws SQLException {
    try {
      return connection.wrapObjects(delegate.getAttributes());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Object[] getAttributes(java.util.Map<String, Class<?>> map) throws SQLException {
    try {
      return connection.wrapObjects(delegate.getAttributes(map));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }
}
