package io.phiguard.rewrite;

import java.util.Objects;

/**
 * One column of a catalog table.
 *
 * @param name the name exactly as the database stores it
 * @param jdbcType a {@link java.sql.Types} constant
 * @param typeName the database's own type name, e.g. {@code varchar}, {@code int4}, {@code DATE}
 * @param size the declared length or precision, 0 when unknown
 */
public record ColumnDef(String name, int jdbcType, String typeName, int size) {

  public ColumnDef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(typeName, "typeName");
  }

  /** A column of the given JDBC type whose type name is not known in more detail. */
  public static ColumnDef of(String name, int jdbcType, String typeName) {
    return new ColumnDef(name, jdbcType, typeName, 0);
  }
}
