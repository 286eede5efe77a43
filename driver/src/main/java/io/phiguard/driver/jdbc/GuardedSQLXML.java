package io.phiguard.driver.jdbc;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.sql.SQLException;
import java.sql.SQLXML;
import javax.xml.transform.Result;
import javax.xml.transform.Source;

/** A delegate {@link SQLXML} handed out by PhiGuard. */
public final class GuardedSQLXML extends GuardedValues.Guarded implements SQLXML {
  private final GuardedConnection connection;
  private final SQLXML delegate;

  GuardedSQLXML(GuardedConnection connection, SQLXML delegate) {
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
    return "GuardedSQLXML[" + connection + "]";
  }

  // ---- pass-through: checked, forwarded, exceptions rebuilt ----

  @Override
  public void free() throws SQLException {
    try {
      delegate.free();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public InputStream getBinaryStream() throws SQLException {
    try {
      return delegate.getBinaryStream();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public OutputStream setBinaryStream() throws SQLException {
    try {
      return delegate.setBinaryStream();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Reader getCharacterStream() throws SQLException {
    try {
      return delegate.getCharacterStream();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public Writer setCharacterStream() throws SQLException {
    try {
      return delegate.setCharacterStream();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public String getString() throws SQLException {
    try {
      return delegate.getString();
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public void setString(String value) throws SQLException {
    try {
      delegate.setString(value);
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public <T extends Source> T getSource(Class<T> sourceClass) throws SQLException {
    try {
      return sourceClass.cast(connection.wrapObject(delegate.getSource(sourceClass)));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }

  @Override
  public <T extends Result> T setResult(Class<T> resultClass) throws SQLException {
    try {
      return resultClass.cast(connection.wrapObject(delegate.setResult(resultClass)));
    } catch (SQLException e) {
      throw VendorErrors.rebuild(e);
    }
  }
}
