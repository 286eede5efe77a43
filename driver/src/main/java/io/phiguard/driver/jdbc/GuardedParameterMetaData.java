package io.phiguard.driver.jdbc;

import java.sql.ParameterMetaData;
import java.sql.SQLException;

/** A delegate {@link ParameterMetaData} handed out by PhiGuard. */
public final class GuardedParameterMetaData extends GuardedValues.Guarded
    implements ParameterMetaData {
  private final GuardedConnection connection;
  private final ParameterMetaData delegate;

  GuardedParameterMetaData(GuardedConnection connection, ParameterMetaData delegate) {
    this.connection = connection;
    this.delegate = delegate;
  }

  @Override
  Object rawValue() {
    return delegate;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return GuardedValues.unwrap(this, delegate, iface, connection.context().allowUnwrap());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return GuardedValues.isWrapperFor(this, delegate, iface, connection.context().allowUnwrap());
  }

  @Override
  public String toString() {
    // the delegate's text is the driver's business; ours names no columns or values
    return "GuardedParameterMetaData[" + connection + "]";
  }

  // ---- pass-through: checked, forwarded, exceptions rebuilt ----

  @Override
  public int getParameterCount() throws SQLException {
    try {
      return delegate.getParameterCount();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int isNullable(int param) throws SQLException {
    try {
      return delegate.isNullable(param);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isSigned(int param) throws SQLException {
    try {
      return delegate.isSigned(param);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getPrecision(int param) throws SQLException {
    try {
      return delegate.getPrecision(param);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getScale(int param) throws SQLException {
    try {
      return delegate.getScale(param);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getParameterType(int param) throws SQLException {
    try {
      return delegate.getParameterType(param);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getParameterTypeName(int param) throws SQLException {
    try {
      return delegate.getParameterTypeName(param);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getParameterClassName(int param) throws SQLException {
    try {
      return delegate.getParameterClassName(param);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getParameterMode(int param) throws SQLException {
    try {
      return delegate.getParameterMode(param);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }
}
