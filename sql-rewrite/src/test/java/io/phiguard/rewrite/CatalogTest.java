package io.phiguard.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.rewrite.NameRules.NameKind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {

  @Test
  void postgresFoldsUnquotedToLowerAndKeepsQuotedExact() {
    NameRules rules = NameRules.of(Dialect.POSTGRESQL);

    assertThat(rules.key("Patients", NameKind.TABLE)).isEqualTo("patients");
    assertThat(rules.key("\"Patients\"", NameKind.TABLE)).isEqualTo("Patients");
    assertThat(rules.key("\"a\"\"b\"", NameKind.COLUMN)).isEqualTo("a\"b");
  }

  @Test
  void h2FoldsUnquotedToUpper() {
    NameRules rules = NameRules.of(Dialect.H2);

    assertThat(rules.key("patients", NameKind.TABLE)).isEqualTo("PATIENTS");
    assertThat(rules.key("\"patients\"", NameKind.TABLE)).isEqualTo("patients");
  }

  @Test
  void mysqlColumnsIgnoreCaseAndTablesAsConfigured() {
    NameRules loose = NameRules.of(Dialect.MYSQL);
    NameRules exact = NameRules.mysql(Dialect.MYSQL, true);

    assertThat(loose.key("`SSN`", NameKind.COLUMN)).isEqualTo("ssn");
    assertThat(loose.key("`Patients`", NameKind.TABLE)).isEqualTo("patients");
    assertThat(exact.key("`Patients`", NameKind.TABLE)).isEqualTo("Patients");
    assertThat(exact.key("SSN", NameKind.COLUMN)).isEqualTo("ssn");
  }

  @Test
  void unqualifiedNamesResolveThroughTheSearchPath() {
    Catalog catalog =
        Catalog.builder(NameRules.of(Dialect.POSTGRESQL))
            .table(
                TableDef.builder("public", "patients").column("id", Types.INTEGER, "int4").build())
            .table(
                TableDef.builder("archive", "patients").column("id", Types.INTEGER, "int4").build())
            .build();

    assertThat(catalog.resolve(null, "patients", List.of("archive", "public")))
        .map(TableDef::schema)
        .contains("archive");
    assertThat(catalog.resolve("PUBLIC", "PATIENTS", List.of()))
        .map(TableDef::schema)
        .contains("public");
    // two candidates and no search path: the database would decide, so the analysis does not
    assertThat(catalog.resolve(null, "patients", List.of())).isEmpty();
    assertThat(catalog.resolve(null, "\"Patients\"", List.of("public"))).isEmpty();
  }

  @Test
  void loadsTablesColumnsKeysAndViewsFromDatabaseMetaData() throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:h2:mem:catalog_" + System.nanoTime());
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE patients (id INT PRIMARY KEY, ssn VARCHAR(11), dob DATE, \"Notes\" CLOB)");
      statement.execute("CREATE VIEW patient_ids AS SELECT id FROM patients");

      Catalog catalog = CatalogLoader.load(connection.getMetaData(), NameRules.of(Dialect.H2), 7);

      assertThat(catalog.version()).isEqualTo(7);
      TableDef patients = catalog.resolve(null, "patients", List.of("PUBLIC")).orElseThrow();
      assertThat(patients.kind()).isEqualTo(TableKind.TABLE);
      assertThat(patients.columns())
          .extracting(ColumnDef::name)
          .containsExactly("ID", "SSN", "DOB", "Notes");
      assertThat(patients.columns().get(1).jdbcType()).isEqualTo(Types.VARCHAR);
      assertThat(patients.primaryKey()).containsExactly("ID");
      TableDef view = catalog.resolve(null, "patient_ids", List.of("PUBLIC")).orElseThrow();
      assertThat(view.kind()).isEqualTo(TableKind.VIEW);
      assertThat(view.viewDefinition()).isPresent();
      assertThat(catalog.tables()).noneMatch(t -> "INFORMATION_SCHEMA".equals(t.schema()));
    }
  }
}
