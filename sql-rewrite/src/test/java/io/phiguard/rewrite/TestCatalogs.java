package io.phiguard.rewrite;

import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The fixed catalog and masks of the golden cases, per dialect. */
final class TestCatalogs {

  private TestCatalogs() {}

  static Dialect dialect(String directory) {
    switch (directory) {
      case "postgres":
        return Dialect.POSTGRESQL;
      case "mysql":
        return Dialect.MYSQL;
      case "h2":
        return Dialect.H2;
      default:
        throw new IllegalArgumentException(directory);
    }
  }

  static String schema(Dialect dialect) {
    return dialect == Dialect.H2 ? "PUBLIC" : dialect == Dialect.POSTGRESQL ? "public" : "ehr";
  }

  static Catalog catalog(Dialect dialect) {
    String schema = schema(dialect);
    boolean mysql = dialect == Dialect.MYSQL;
    return Catalog.builder(NameRules.of(dialect))
        .table(
            TableDef.builder(schema, name(dialect, "patients"))
                .column(name(dialect, "id"), Types.INTEGER, mysql ? "INT" : "int4")
                .column(text(dialect, "mrn"))
                .column(text(dialect, "full_name"))
                .column(text(dialect, "ssn"))
                .column(text(dialect, "email"))
                .column(
                    name(dialect, "dob"),
                    Types.DATE,
                    dialect == Dialect.POSTGRESQL ? "date" : "DATE")
                .column(text(dialect, "zip"))
                .column(
                    name(dialect, "notes"),
                    Types.VARCHAR,
                    dialect == Dialect.POSTGRESQL ? "text" : "VARCHAR")
                .primaryKey(List.of(name(dialect, "id")))
                .build())
        .table(
            TableDef.builder(schema, name(dialect, "visits"))
                .column(name(dialect, "id"), Types.INTEGER, "int4")
                .column(name(dialect, "patient_id"), Types.INTEGER, "int4")
                .column(name(dialect, "visited_at"), Types.TIMESTAMP, "timestamp")
                .column(text(dialect, "diagnosis"))
                .primaryKey(List.of(name(dialect, "id")))
                .build())
        .table(
            TableDef.builder(schema, name(dialect, "staff"))
                .column(name(dialect, "id"), Types.INTEGER, "int4")
                .column(text(dialect, "name"))
                .build())
        .table(
            TableDef.builder(schema, name(dialect, "patient_names"))
                .kind(TableKind.VIEW)
                .column(name(dialect, "id"), Types.INTEGER, "int4")
                .column(text(dialect, "full_name"))
                .viewDefinition("SELECT id, full_name FROM patients")
                .build())
        .build();
  }

  /** The masks of an identity without unmask rights. */
  static Map<ColumnRef, Mask> masks(Dialect dialect) {
    String schema = schema(dialect);
    String table = name(dialect, "patients");
    Map<ColumnRef, Mask> masks = new TreeMap<>();
    masks.put(new ColumnRef(schema, table, name(dialect, "mrn")), Mask.hash());
    masks.put(new ColumnRef(schema, table, name(dialect, "full_name")), Mask.redact());
    masks.put(new ColumnRef(schema, table, name(dialect, "ssn")), Mask.partial(0, 4));
    masks.put(new ColumnRef(schema, table, name(dialect, "email")), Mask.email());
    masks.put(new ColumnRef(schema, table, name(dialect, "dob")), Mask.year());
    masks.put(new ColumnRef(schema, table, name(dialect, "zip")), Mask.zip3());
    masks.put(new ColumnRef(schema, table, name(dialect, "notes")), Mask.detect());
    return masks;
  }

  private static ColumnDef text(Dialect dialect, String column) {
    return new ColumnDef(
        name(dialect, column),
        Types.VARCHAR,
        dialect == Dialect.POSTGRESQL ? "varchar" : "VARCHAR",
        255);
  }

  private static String name(Dialect dialect, String name) {
    return dialect == Dialect.H2 ? name.toUpperCase(Locale.ROOT) : name;
  }
}
