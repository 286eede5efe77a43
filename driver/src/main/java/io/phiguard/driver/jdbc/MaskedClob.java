package io.phiguard.driver.jdbc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;

/**
 * A read-only CLOB holding a masked value: what {@code getClob}/{@code getNClob} return for a
 * masked column. It holds no reference to the delegate's LOB, so nothing raw is reachable through
 * it.
 */
final class MaskedClob implements NClob {
  private String text;

  MaskedClob(String text) {
    this.text = text;
  }

  private String text() throws SQLException {
    if (text == null) {
      throw MaskedValues.refusal("the CLOB was freed");
    }
    return text;
  }

  @Override
  public long length() throws SQLException {
    return text().length();
  }

  @Override
  public String getSubString(long pos, int length) throws SQLException {
    String t = text();
    if (pos < 1 || length < 0 || pos - 1 > t.length()) {
      throw MaskedValues.refusal("getSubString(" + pos + ", " + length + ") is out of range");
    }
    int start = (int) (pos - 1);
    return t.substring(start, Math.min(t.length(), start + length));
  }

  @Override
  public Reader getCharacterStream() throws SQLException {
    return new StringReader(text());
  }

  @Override
  public Reader getCharacterStream(long pos, long length) throws SQLException {
    return new StringReader(getSubString(pos, (int) Math.min(Integer.MAX_VALUE, length)));
  }

  @Override
  public InputStream getAsciiStream() throws SQLException {
    return new ByteArrayInputStream(text().getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public long position(String searchstr, long start) throws SQLException {
    int at = text().indexOf(searchstr, (int) Math.max(0, start - 1));
    return at < 0 ? -1 : at + 1;
  }

  @Override
  public long position(Clob searchstr, long start) throws SQLException {
    return position(searchstr.getSubString(1, (int) searchstr.length()), start);
  }

  private static SQLException readOnly() {
    return MaskedValues.refusal("a masked value is read-only; write with an UPDATE statement");
  }

  @Override
  public int setString(long pos, String str) throws SQLException {
    throw readOnly();
  }

  @Override
  public int setString(long pos, String str, int offset, int len) throws SQLException {
    throw readOnly();
  }

  @Override
  public OutputStream setAsciiStream(long pos) throws SQLException {
    throw readOnly();
  }

  @Override
  public Writer setCharacterStream(long pos) throws SQLException {
    throw readOnly();
  }

  @Override
  public void truncate(long len) throws SQLException {
    throw readOnly();
  }

  @Override
  public void free() {
    text = null;
  }

  @Override
  public String toString() {
    return "MaskedClob";
  }
}
