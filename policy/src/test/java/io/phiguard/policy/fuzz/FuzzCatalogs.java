package io.phiguard.policy.fuzz;

import io.phiguard.rewrite.Catalog;
import io.phiguard.rewrite.ColumnDef;
import io.phiguard.rewrite.Dialect;
import io.phiguard.rewrite.NameRules;
import io.phiguard.rewrite.TableDef;
import io.phiguard.rewrite.TableKind;
import java.sql.Types;
import java.util.List;

/**
 * The fuzz schema for PostgreSQL and MySQL, built by hand (H2's is read from the canary database):
 * the same tables as the golden cases of {@code sql-rewrite}.
 */
final class FuzzCatalogs {

  private FuzzCatalogs() {}

  static String schema(Dialect dialect) {
    return switch (dialect) {
      case H2 -> "PUBLIC";
      case POSTGRESQL -> "public";
      default -> "ehr";
    };
  }

  static Catalog catalog(Dialect dialect) {
    String schema = schema(dialect);
    String text = dialect == Dialect.POSTGRESQL ? "varchar" : "VARCHAR";
    return Catalog.builder(NameRules.of(dialect))
        .table(
            TableDef.builder(schema, "patients")
                .column("id", Types.INTEGER, "int4")
                .column(new ColumnDef("mrn", Types.VARCHAR, text, 255))
                .column(new ColumnDef("full_name", Types.VARCHAR, text, 255))
                .column(new ColumnDef("ssn", Types.VARCHAR, text, 255))
                .column(new ColumnDef("email", Types.VARCHAR, text, 255))
                .column("dob", Types.DATE, dialect == Dialect.POSTGRESQL ? "date" : "DATE")
                .column(new ColumnDef("zip", Types.VARCHAR, text, 255))
                .column("notes", Types.VARCHAR, dialect == Dialect.POSTGRESQL ? "text" : "TEXT")
                .primaryKey(List.of("id"))
                .build())
        .table(
            TableDef.builder(schema, "visits")
                .column("id", Types.INTEGER, "int4")
                .column("patient_id", Types.INTEGER, "int4")
                .column("visited_at", Types.TIMESTAMP, "timestamp")
                .column(new ColumnDef("diagnosis", Types.VARCHAR, text, 255))
                .primaryKey(List.of("id"))
                .build())
        .table(
            TableDef.builder(schema, "staff")
                .column("id", Types.INTEGER, "int4")
                .column(new ColumnDef("name", Types.VARCHAR, text, 255))
                .build())
        .table(
            TableDef.builder(schema, "patient_names")
                .kind(TableKind.VIEW)
                .column("id", Types.INTEGER, "int4")
                .column(new ColumnDef("full_name", Types.VARCHAR, text, 255))
                .viewDefinition("SELECT id, full_name FROM patients")
                .build())
        .build();
  }
}
