package io.phiguard.driver.jdbc;

import java.io.InputStream;
import java.sql.Blob;
import java.sql.SQLException;

/** A delegate {@link Blob} handed out by PhiGuard. */
public final class GuardedBlob extends GuardedValues.Guarded implements Blob {
  private final GuardedConnection connection;
  private final Blob delegate;

  GuardedBlob(GuardedConnection connection, Blob delegate) {
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
    return "GuardedBlob[" + connection + "]";
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
  public byte[] getBytes(long pos, int length) throws SQLException {
    try {
      return delegate.getBytes(pos, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.io.InputStream getBinaryStream() throws SQLException {
    try {
      return delegate.getBinaryStream();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public long position(byte[] pattern, long start) throws SQLException {
    try {
      return delegate.position(pattern, start);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public long position(Blob pattern, long start) throws SQLException {
    try {
      return delegate.position(GuardedValues.raw(pattern), start);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int setBytes(long pos, byte[] bytes) throws SQLException {
    try {
      return delegate.setBytes(pos, bytes);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public int setBytes(long pos, byte[] bytes, int offset, int len) throws SQLException {
    try {
      return delegate.setBytes(pos, bytes, offset, len);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public java.io.OutputStream setBinaryStream(long pos) throws SQLException {
    try {
      return delegate.setBinaryStream(pos);
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
  public InputStream getBinaryStream(long pos, long length) throws SQLException {
    try {
      return delegate.getBinaryStream(pos, length);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }
}
