package io.phiguard.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskRewriterTest {

  private final SqlAnalyzer postgres =
      SqlAnalyzer.of(TestCatalogs.catalog(Dialect.POSTGRESQL), List.of("public"));
  private final Map<ColumnRef, Mask> masks = TestCatalogs.masks(Dialect.POSTGRESQL);

  private RewriteResult rewrite(String sql) {
    return postgres.analyze(sql).statements().get(0).rewrite(masks);
  }

  @Test
  void noRawProtectedColumnIsProjectedFromTheBaseTable() {
    for (String sql :
        List.of(
            "TABLE patients",
            "SELECT * FROM patients",
            "SELECT (SELECT max(ssn) FROM patients)",
            "WITH a AS (SELECT * FROM patients) SELECT * FROM a UNION SELECT * FROM patients")) {
      RewriteResult result = rewrite(sql);

      assertThat(result.sound()).as(sql).isTrue();
      assertThat(result.changed()).as(sql).isTrue();
      // every reference to patients is now an inline view whose ssn is masked
      int references = count(result.sql(), "FROM patients");
      assertThat(count(result.sql(), "notes FROM patients)")).as(sql).isEqualTo(references);
      assertThat(count(result.sql(), "END AS varchar) AS ssn")).as(sql).isEqualTo(references);
    }
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  @Test
  void withoutMasksTheCanonicalTextGoesOut() {
    AnalyzedStatement statement = postgres.analyze("select ssn from patients").statements().get(0);

    RewriteResult result = statement.rewrite(Map.of());

    assertThat(result.changed()).isFalse();
    assertThat(result.sql()).isEqualTo("SELECT ssn FROM patients");
  }

  @Test
  void aStatementNotFullyAnalysedIsNotRewritten() {
    RewriteResult result = rewrite("SELECT nosuch FROM patients");

    assertThat(result.sql()).isNull();
    assertThat(result.problems())
        .containsExactly(
            new RewriteProblem(RewriteProblem.Code.NOT_FULLY_ANALYSED, "unresolved-column"));
  }

  @Test
  void maskSqlFitsTheColumnType() {
    ColumnDef varchar = new ColumnDef("ssn", java.sql.Types.VARCHAR, "varchar", 11);
    ColumnDef integer = ColumnDef.of("age", java.sql.Types.INTEGER, "int4");
    List<String> warnings = new java.util.ArrayList<>();

    // cast back to the declared length: a CASE over REPEAT(…) would be LONGTEXT on MySQL/MariaDB
    assertThat(MaskSql.expression(Dialect.MYSQL, varchar, "ssn", Mask.redact(), warnings))
        .isEqualTo("CAST(CASE WHEN ssn IS NULL THEN NULL ELSE '*****' END AS CHAR(11))");
    assertThat(
            MaskSql.expression(
                Dialect.MARIADB,
                ColumnDef.of("ssn", java.sql.Types.VARCHAR, "VARCHAR"),
                "ssn",
                Mask.redact(),
                warnings))
        .isEqualTo("CASE WHEN ssn IS NULL THEN NULL ELSE '*****' END");
    assertThat(MaskSql.expression(Dialect.POSTGRESQL, integer, "age", Mask.partial(1, 1), warnings))
        .isEqualTo("CASE WHEN 1 = 0 THEN age END");
    assertThat(warnings).containsExactly("mask-type-mismatch:partial");
  }

  @Test
  void fillCharactersThatNeedQuotingAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Mask.partial(0, 4, '\''))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
