package io.phiguard.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;

/**
 * What one side of a transparency comparison saw, as lines of text: values, column labels, JDBC
 * types, nullability, update counts, warnings and exceptions. Two observations of the same scenario
 * — one through the delegate driver, one through {@code jdbc:phiguard:} — must be equal.
 *
 * <p>Things that PhiGuard changes on purpose are recorded in their JDBC form: an exception or
 * warning by its nearest {@code java.sql} class, SQLState and vendor code (never the message, which
 * PhiGuard redacts); a LOB, array or nested result set by its JDBC interface and content (never the
 * wrapper class).
 */
public final class Observation {
  private static final int MAX_CHAIN = 16;
  private final List<String> lines = new ArrayList<>();
  private final List<Throwable> exceptions = new ArrayList<>();

  /** The lines recorded so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The exceptions recorded so far, as thrown (for message checks). */
  public List<Throwable> exceptions() {
    return List.copyOf(exceptions);
  }

  /** Records a free-form line. */
  public Observation note(String label, Object value) {
    lines.add(label + ": " + describe(value));
    return this;
  }

  /** A block that may throw, for {@link #attempt}. */
  @FunctionalInterface
  public interface Action<T> {
    T run() throws Exception;
  }

  /** Runs {@code action} and records its result or the exception it threw. */
  public <T> T attempt(String label, Action<T> action) {
    try {
      T result = action.run();
      note(label, result);
      return result;
    } catch (Exception e) {
      exception(label, e);
      return null;
    }
  }

  /** A block without result that may throw. */
  @FunctionalInterface
  public interface VoidAction {
    void run() throws Exception;
  }

  /** Runs {@code action} and records "ok" or the exception it threw. */
  public boolean attemptVoid(String label, VoidAction action) {
    try {
      action.run();
      lines.add(label + ": ok");
      return true;
    } catch (Exception e) {
      exception(label, e);
      return false;
    }
  }

  /** Records an exception (and its {@code getNextException()} chain) in its JDBC form. */
  public void exception(String label, Throwable e) {
    exceptions.add(e);
    lines.add(label + ": threw " + describeThrowable(e));
  }

  /** Records a warning chain; null is recorded as "none". */
  public void warnings(String label, SQLWarning warning) {
    if (warning == null) {
      lines.add(label + ": no warnings");
      return;
    }
    int i = 0;
    for (SQLWarning w = warning; w != null && i < MAX_CHAIN; w = w.getNextWarning(), i++) {
      lines.add(label + " warning[" + i + "]: " + describeSql(w));
    }
  }

  /** Records metadata and every row of {@code rs} (then leaves it after the last row). */
  public void resultSet(String label, ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    metaData(label, md);
    int columns = md.getColumnCount();
    int row = 0;
    while (rs.next()) {
      StringJoiner values = new StringJoiner(" | ");
      for (int c = 1; c <= columns; c++) {
        values.add(describe(rs.getObject(c)) + (rs.wasNull() ? " (wasNull)" : ""));
      }
      lines.add(label + " row " + row++ + ": " + values);
    }
    lines.add(label + " rows: " + row);
  }

  /** Records every row of {@code rs} as getString, for the columns given (1-based). */
  public void strings(String label, ResultSet rs, int... columns) throws SQLException {
    int row = 0;
    while (rs.next()) {
      StringJoiner values = new StringJoiner(" | ");
      for (int c : columns) {
        values.add(String.valueOf(rs.getString(c)));
      }
      lines.add(label + " row " + row++ + ": " + values);
    }
    lines.add(label + " rows: " + row);
  }

  /** Records column labels, names, types, nullability and sizes. */
  public void metaData(String label, ResultSetMetaData md) throws SQLException {
    int columns = md.getColumnCount();
    lines.add(label + " columns: " + columns);
    for (int c = 1; c <= columns; c++) {
      lines.add(
          label
              + " column "
              + c
              + ": label="
              + md.getColumnLabel(c)
              + " name="
              + md.getColumnName(c)
              + " type="
              + md.getColumnType(c)
              + " typeName="
              + md.getColumnTypeName(c)
              + " class="
              + md.getColumnClassName(c)
              + " nullable="
              + md.isNullable(c)
              + " precision="
              + md.getPrecision(c)
              + " scale="
              + md.getScale(c)
              + " autoIncrement="
              + md.isAutoIncrement(c));
    }
  }

  /** A value in comparable form: JDBC interface + content for LOBs and arrays, class + value. */
  public static String describe(Object value) {
    try {
      return describeValue(value, 0);
    } catch (SQLException | IOException e) {
      return "unreadable " + describeThrowable(e);
    }
  }

  private static String describeValue(Object value, int depth) throws SQLException, IOException {
    if (value == null) {
      return "null";
    }
    if (depth > 4) {
      return "…";
    }
    if (value instanceof byte[] bytes) {
      return "byte[" + HexFormat.of().formatHex(bytes) + "]";
    }
    if (value instanceof Object[] array) {
      StringJoiner j = new StringJoiner(", ", "Object[](", ")");
      for (Object o : array) {
        j.add(describeValue(o, depth + 1));
      }
      return array.getClass().getComponentType().getSimpleName() + j.toString().substring(6);
    }
    if (value.getClass().isArray()) {
      return value.getClass().getComponentType().getName() + "[]" + arrayToString(value);
    }
    if (value instanceof NClob nclob) {
      return "NClob(" + nclob.length() + ", " + read(nclob.getCharacterStream()) + ")";
    }
    if (value instanceof Clob clob) {
      return "Clob(" + clob.length() + ", " + read(clob.getCharacterStream()) + ")";
    }
    if (value instanceof Blob blob) {
      return "Blob(" + blob.length() + ", " + HexFormat.of().formatHex(read(blob)) + ")";
    }
    if (value instanceof Array array) {
      return "Array("
          + array.getBaseType()
          + " "
          + array.getBaseTypeName()
          + ", "
          + describeValue(array.getArray(), depth + 1)
          + ")";
    }
    if (value instanceof SQLXML xml) {
      return "SQLXML(" + xml.getString() + ")";
    }
    if (value instanceof Struct struct) {
      return "Struct("
          + struct.getSQLTypeName()
          + ", "
          + describeValue(struct.getAttributes(), depth + 1)
          + ")";
    }
    if (value instanceof Ref ref) {
      return "Ref(" + ref.getBaseTypeName() + ")";
    }
    if (value instanceof RowId rowId) {
      return "RowId(" + HexFormat.of().formatHex(rowId.getBytes()) + ")";
    }
    if (value instanceof ResultSet rs) {
      Observation nested = new Observation();
      nested.resultSet("", rs);
      return "ResultSet" + nested.lines;
    }
    if (value instanceof Throwable t) {
      return describeThrowable(t);
    }
    if (value instanceof java.sql.Wrapper) {
      // any other JDBC object: its interface, never the implementing (wrapper) class
      return "JDBC object " + jdbcInterface(value.getClass());
    }
    return value.getClass().getName() + "(" + value + ")";
  }

  private static String arrayToString(Object array) {
    if (array instanceof int[] a) {
      return Arrays.toString(a);
    } else if (array instanceof long[] a) {
      return Arrays.toString(a);
    } else if (array instanceof short[] a) {
      return Arrays.toString(a);
    } else if (array instanceof double[] a) {
      return Arrays.toString(a);
    } else if (array instanceof float[] a) {
      return Arrays.toString(a);
    } else if (array instanceof boolean[] a) {
      return Arrays.toString(a);
    } else if (array instanceof char[] a) {
      return Arrays.toString(a);
    }
    return "?";
  }

  private static String read(Reader reader) throws IOException {
    if (reader == null) {
      return "null";
    }
    try (Reader r = reader) {
      StringBuilder sb = new StringBuilder();
      char[] buffer = new char[8192];
      for (int n; (n = r.read(buffer)) >= 0; ) {
        sb.append(buffer, 0, n);
      }
      return sb.toString();
    }
  }

  private static byte[] read(Blob blob) throws SQLException, IOException {
    try (InputStream in = blob.getBinaryStream()) {
      return in.readAllBytes();
    }
  }

  /** Nearest {@code java.sql} class, SQLState, vendor code (and batch counts, chain). */
  public static String describeThrowable(Throwable e) {
    if (!(e instanceof SQLException sql)) {
      return jdbcClass(e.getClass()) + (e.getCause() == null ? "" : " caused by " + e.getCause());
    }
    StringBuilder sb = new StringBuilder(describeSql(sql));
    SQLException next = sql.getNextException();
    for (int i = 0; next != null && i < MAX_CHAIN; i++, next = next.getNextException()) {
      sb.append(" / next ").append(describeSql(next));
    }
    return sb.toString();
  }

  private static String describeSql(SQLException e) {
    String s = jdbcClass(e.getClass()) + " state=" + e.getSQLState() + " code=" + e.getErrorCode();
    if (e instanceof BatchUpdateException batch) {
      s += " counts=" + Arrays.toString(batch.getLargeUpdateCounts());
    }
    return s;
  }

  /** The nearest {@code java.*} class: vendor and PhiGuard subclasses are not compared. */
  public static String jdbcClass(Class<?> type) {
    Class<?> c = type;
    while (c != null && !c.getName().startsWith("java.")) {
      c = c.getSuperclass();
    }
    return c == null ? type.getName() : c.getName();
  }

  private static final List<Class<?>> JDBC_INTERFACES =
      List.of(
          java.sql.CallableStatement.class,
          java.sql.PreparedStatement.class,
          java.sql.Statement.class,
          java.sql.Connection.class,
          java.sql.DatabaseMetaData.class,
          java.sql.ResultSetMetaData.class,
          java.sql.ParameterMetaData.class,
          java.sql.Savepoint.class);

  private static String jdbcInterface(Class<?> type) {
    for (Class<?> i : JDBC_INTERFACES) {
      if (i.isAssignableFrom(type)) {
        return i.getName();
      }
    }
    return type.getName();
  }
}
