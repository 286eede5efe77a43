package io.phiguard.driver.jdbc;

import java.io.Reader;
import java.sql.Clob;
import java.sql.SQLException;

/**
 * The {@link Clob} methods shared by {@link GuardedClob} and {@link GuardedNClob}.
 *
 * @param <C> the delegate's type
 */
abstract class AbstractGuardedClob<C extends Clob> extends GuardedValues.Guarded implements Clob {
  final GuardedConnection connection;
  final C delegate;

  AbstractGuardedClob(GuardedConnection connection, C delegate) {
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
    return getClass().getSimpleName() + "[" + connection + "]";
  }

  // ---- pass-through: checked, forwarded, exceptions rebuilt ----

  @Override
  public long length() throws SQLException {
    try {
      return delegate.length();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getSubString(long pos, int length) throws SQLException {
    try {
      return delegate.getSubString(pos, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.io.Reader getCharacterStream() throws SQLException {
    try {
      return delegate.getCharacterStream();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.io.InputStream getAsciiStream() throws SQLException {
    try {
      return delegate.getAsciiStream();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public long position(String searchstr, long start) throws SQLException {
    try {
      return delegate.position(searchstr, start);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public long position(Clob searchstr, long start) throws SQLException {
    try {
      return delegate.position(GuardedValues.raw(searchstr), start);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int setString(long pos, String str) throws SQLException {
    try {
      return delegate.setString(pos, str);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int setString(long pos, String str, int offset, int len) throws SQLException {
    try {
      return delegate.setString(pos, str, offset, len);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.io.OutputStream setAsciiStream(long pos) throws SQLException {
    try {
      return delegate.setAsciiStream(pos);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.io.Writer setCharacterStream(long pos) throws SQLException {
    try {
      return delegate.setCharacterStream(pos);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void truncate(long len) throws SQLException {
    try {
      delegate.truncate(len);
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

  @Override
  public Reader getCharacterStream(long pos, long length) throws SQLException {
    try {
      return delegate.getCharacterStream(pos, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }
}
