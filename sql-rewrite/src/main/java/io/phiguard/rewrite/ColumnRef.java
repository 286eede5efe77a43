package io.phiguard.rewrite;

import java.util.Comparator;
import java.util.Objects;

/**
 * A column of a catalog table, named exactly as the database stores it. This is how facts, masks
 * and results name columns.
 *
 * @param schema the table's schema, null where the database reports none
 * @param table the table name
 * @param column the column name
 */
public record ColumnRef(String schema, String table, String column)
    implements Comparable<ColumnRef> {

  private static final Comparator<ColumnRef> ORDER =
      Comparator.comparing(ColumnRef::schema, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(ColumnRef::table)
          .thenComparing(ColumnRef::column);

  public ColumnRef {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
  }

  /** {@code table.column}, the short form used in reports and golden files. */
  public String shortName() {
    return table + "." + column;
  }

  @Override
  public int compareTo(ColumnRef other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return schema == null ? shortName() : schema + "." + shortName();
  }
}
