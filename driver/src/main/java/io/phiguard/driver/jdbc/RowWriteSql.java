package io.phiguard.driver.jdbc;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The statement an updatable result set makes its driver run, written out so the gate can judge it:
 * {@code UPDATE t SET a = ?, b = ?}, {@code INSERT INTO t (a, b) VALUES (?, ?)}, {@code DELETE FROM
 * t}, or {@code SELECT a, b FROM t} for {@code refreshRow}. A table the driver does not report is
 * named {@code "?"}, which no policy can mistake for an unprotected table.
 */
final class RowWriteSql {
  private RowWriteSql() {}

  static String synthesize(
      String verb, ResultSetMetaData meta, Set<Object> touched, ResultSet resultSet)
      throws SQLException {
    Set<String> tables = new LinkedHashSet<>();
    List<String> all = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      tables.add(qualified(meta, i));
      all.add(quote(meta.getColumnName(i)));
    }
    List<String> written = new ArrayList<>();
    for (Object column : touched) {
      int index = column instanceof Integer i ? i : resultSet.findColumn((String) column);
      written.add(quote(meta.getColumnName(index)));
    }
    String table = tables.size() == 1 ? tables.iterator().next() : "\"?\"";
    return switch (verb) {
      case "UPDATE" -> {
        StringJoiner set = new StringJoiner(", ");
        written.forEach(c -> set.add(c + " = ?"));
        yield "UPDATE " + table + " SET " + set;
      }
      case "INSERT" -> {
        StringJoiner values = new StringJoiner(", ");
        written.forEach(c -> values.add("?"));
        yield "INSERT INTO "
            + table
            + " ("
            + String.join(", ", written)
            + ") VALUES ("
            + values
            + ")";
      }
      case "DELETE" -> "DELETE FROM " + table;
      default -> "SELECT " + String.join(", ", all) + " FROM " + table;
    };
  }

  private static String qualified(ResultSetMetaData meta, int column) throws SQLException {
    String table = meta.getTableName(column);
    if (table == null || table.isEmpty()) {
      return "\"?\"";
    }
    String schema = meta.getSchemaName(column);
    return schema == null || schema.isEmpty() ? quote(table) : quote(schema) + "." + quote(table);
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
