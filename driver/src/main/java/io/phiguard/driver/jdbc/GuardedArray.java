package io.phiguard.driver.jdbc;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A delegate {@link Array} handed out by PhiGuard; its result sets are guarded. */
public final class GuardedArray extends GuardedValues.Guarded implements Array {
  private final GuardedConnection connection;
  private final Array delegate;

  GuardedArray(GuardedConnection connection, Array delegate) {
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
    return "GuardedArray[" + connection + "]";
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
  public int getBaseType() throws SQLException {
    try {
      return delegate.getBaseType();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Object getArray() throws SQLException {
    try {
      return connection.wrapObject(delegate.getArray());
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Object getArray(java.util.Map<String, Class<?>> map) throws SQLException {
    try {
      return connection.wrapObject(delegate.getArray(map));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Object getArray(long index, int count) throws SQLException {
    try {
      return connection.wrapObject(delegate.getArray(index, count));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Object getArray(long index, int count, java.util.Map<String, Class<?>> map)
      throws SQLException {
    try {
      return connection.wrapObject(delegate.getArray(index, count, map));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    try {
      return connection.wrap(delegate.getResultSet(), null);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public ResultSet getResultSet(java.util.Map<String, Class<?>> map) throws SQLException {
    try {
      return connection.wrap(delegate.getResultSet(map), null);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public ResultSet getResultSet(long index, int count) throws SQLException {
    try {
      return connection.wrap(delegate.getResultSet(index, count), null);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public ResultSet getResultSet(long index, int count, java.util.Map<String, Class<?>> map)
      throws SQLException {
    try {
      return connection.wrap(delegate.getResultSet(index, count, map), null);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void free() throws SQLException {
    try {
      delegate.free();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }
}
