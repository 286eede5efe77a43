package io.phiguard.driver.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/** A delegate {@link ResultSetMetaData} handed out by PhiGuard. */
public final class GuardedResultSetMetaData extends GuardedValues.Guarded
    implements ResultSetMetaData {
  private final GuardedConnection connection;
  private final ResultSetMetaData delegate;

  GuardedResultSetMetaData(GuardedConnection connection, ResultSetMetaData delegate) {
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
    return "GuardedResultSetMetaData[" + connection + "]";
  }

  // ---- pass-through: checked, forwarded, exceptions rebuilt ----

  @Override
  public int getColumnCount() throws SQLException {
    try {
      return delegate.getColumnCount();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isAutoIncrement(int column) throws SQLException {
    try {
      return delegate.isAutoIncrement(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isCaseSensitive(int column) throws SQLException {
    try {
      return delegate.isCaseSensitive(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isSearchable(int column) throws SQLException {
    try {
      return delegate.isSearchable(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isCurrency(int column) throws SQLException {
    try {
      return delegate.isCurrency(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int isNullable(int column) throws SQLException {
    try {
      return delegate.isNullable(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isSigned(int column) throws SQLException {
    try {
      return delegate.isSigned(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getColumnDisplaySize(int column) throws SQLException {
    try {
      return delegate.getColumnDisplaySize(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getColumnLabel(int column) throws SQLException {
    try {
      return delegate.getColumnLabel(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getColumnName(int column) throws SQLException {
    try {
      return delegate.getColumnName(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getSchemaName(int column) throws SQLException {
    try {
      return delegate.getSchemaName(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getPrecision(int column) throws SQLException {
    try {
      return delegate.getPrecision(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getScale(int column) throws SQLException {
    try {
      return delegate.getScale(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getTableName(int column) throws SQLException {
    try {
      return delegate.getTableName(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getCatalogName(int column) throws SQLException {
    try {
      return delegate.getCatalogName(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int getColumnType(int column) throws SQLException {
    try {
      return delegate.getColumnType(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getColumnTypeName(int column) throws SQLException {
    try {
      return delegate.getColumnTypeName(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isReadOnly(int column) throws SQLException {
    try {
      return delegate.isReadOnly(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isWritable(int column) throws SQLException {
    try {
      return delegate.isWritable(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public boolean isDefinitelyWritable(int column) throws SQLException {
    try {
      return delegate.isDefinitelyWritable(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getColumnClassName(int column) throws SQLException {
    try {
      return delegate.getColumnClassName(column);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }
}
