package io.phiguard.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code on-masked-write: keep} and {@code filter: equality-with-parameter} in the rewriter. */
class MaskWriteRewriteTest {

  private static final ColumnRef SSN = new ColumnRef("public", "patients", "ssn");
  private static final ColumnRef DOB = new ColumnRef("public", "patients", "dob");
  private static final ColumnRef FULL_NAME = new ColumnRef("public", "patients", "full_name");
  private static final ColumnRef SSN_MYSQL = new ColumnRef("ehr", "patients", "ssn");

  private final Map<ColumnRef, Mask> masks = TestCatalogs.masks(Dialect.POSTGRESQL);
  private final MaskOptions keep = new MaskOptions(Set.of(SSN, DOB), Set.of());
  private final MaskOptions equality = new MaskOptions(Set.of(), Set.of(FULL_NAME, SSN));

  private RewriteResult rewrite(Dialect dialect, String sql, MaskOptions options) {
    SqlAnalyzer analyzer =
        SqlAnalyzer.of(TestCatalogs.catalog(dialect), List.of(TestCatalogs.schema(dialect)));
    return analyzer.analyze(sql).statements().get(0).rewrite(TestCatalogs.masks(dialect), options);
  }

  private RewriteResult postgres(String sql, MaskOptions options) {
    return rewrite(Dialect.POSTGRESQL, sql, options);
  }

  @Test
  void anUpdateKeepsTheStoredValueWhereTheMaskedRenderingIsWrittenBack() {
    RewriteResult result =
        postgres("UPDATE patients SET mrn = ?, ssn = ?, dob = ? WHERE id = ?", keep);

    assertThat(result.problems()).isEmpty();
    assertThat(result.sql())
        .isEqualTo(
            "UPDATE patients SET mrn = ?, ssn = CASE WHEN ? IS NOT DISTINCT FROM CAST(CASE WHEN"
                + " ssn IS NULL THEN NULL WHEN CHAR_LENGTH(ssn) <= 4 THEN REPEAT('*',"
                + " CHAR_LENGTH(ssn)) ELSE CONCAT(REPEAT('*', CHAR_LENGTH(ssn) - 4), RIGHT(ssn,"
                + " 4)) END AS varchar) THEN ssn ELSE ? END, dob = CASE WHEN ? IS NOT DISTINCT"
                + " FROM CAST(date_trunc('year', dob) AS date) THEN dob ELSE ? END WHERE id = ?");
    assertThat(result.keptColumns()).containsExactlyInAnyOrder(SSN, DOB);
    // caller 2 (ssn) fills positions 2 and 3, caller 3 (dob) 4 and 5, caller 4 (id) 6
    ParameterMap map = result.parameters();
    assertThat(map.positions(1)).containsExactly(1);
    assertThat(map.positions(2)).containsExactly(2, 3);
    assertThat(map.positions(3)).containsExactly(4, 5);
    assertThat(map.positions(4)).containsExactly(6);
  }

  @Test
  void literalsAreRepeatedAndNeedNoParameterMap() {
    RewriteResult result =
        postgres("UPDATE patients p SET ssn = '123-45-6789' FROM visits v WHERE v.id = 1", keep);

    assertThat(result.problems()).isEmpty();
    assertThat(result.sql())
        .contains("ssn = CASE WHEN '123-45-6789' IS NOT DISTINCT FROM CAST(CASE WHEN p.ssn")
        .contains("THEN p.ssn ELSE '123-45-6789' END");
    assertThat(result.parameters().isIdentity()).isTrue();
  }

  @Test
  void mysqlComparesNullSafelyWithItsOwnOperator() {
    RewriteResult result =
        rewrite(
            Dialect.MYSQL,
            "INSERT INTO patients (id, ssn) VALUES (?, ?) ON DUPLICATE KEY UPDATE ssn ="
                + " VALUES(ssn)",
            new MaskOptions(Set.of(SSN_MYSQL), Set.of()));

    assertThat(result.problems()).isEmpty();
    assertThat(result.sql())
        .contains("ON DUPLICATE KEY UPDATE ssn = CASE WHEN VALUES(ssn) <=> CAST(CASE WHEN ssn")
        .endsWith("THEN ssn ELSE VALUES(ssn) END");
    assertThat(result.parameters().isIdentity()).isTrue();
  }

  @Test
  void onConflictComparesTheProposedRowWithTheStoredOne() {
    RewriteResult result =
        postgres(
            "INSERT INTO patients (id, ssn) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET ssn ="
                + " EXCLUDED.ssn",
            keep);

    assertThat(result.problems()).isEmpty();
    assertThat(result.sql())
        .contains(
            "SET ssn = CASE WHEN EXCLUDED.ssn IS NOT DISTINCT FROM CAST(CASE WHEN patients.ssn")
        .endsWith("THEN patients.ssn ELSE EXCLUDED.ssn END");
  }

  @Test
  void aFreshInsertWritesItsValuesAsGiven() {
    RewriteResult result = postgres("INSERT INTO patients (id, ssn) VALUES (?, ?)", keep);

    assertThat(result.problems()).isEmpty();
    assertThat(result.sql()).isEqualTo("INSERT INTO patients (id, ssn) VALUES (?, ?)");
    assertThat(result.keptColumns()).isEmpty();
  }

  @Test
  void valuesThatCannotBeRepeatedExactlyAreProblems() {
    for (String sql :
        List.of(
            "UPDATE patients SET ssn = upper(mrn) WHERE id = 1",
            "UPDATE patients SET ssn = (SELECT name FROM staff LIMIT 1) WHERE id = 1",
            "UPDATE patients SET (ssn, mrn) = (SELECT name, name FROM staff LIMIT 1)")) {
      RewriteResult result = postgres(sql, keep);

      assertThat(result.problems())
          .as(sql)
          .contains(new RewriteProblem(RewriteProblem.Code.KEEP_NOT_REWRITABLE, "patients.ssn"));
    }
  }

  @Test
  void rowReplacingStatementsCannotKeep() {
    RewriteResult result =
        rewrite(
            Dialect.MYSQL,
            "REPLACE INTO patients (id, ssn) VALUES (?, ?)",
            new MaskOptions(Set.of(SSN_MYSQL), Set.of()));

    assertThat(result.problems())
        .contains(new RewriteProblem(RewriteProblem.Code.KEEP_NOT_REWRITABLE, "patients.ssn"));
  }

  @Test
  void aSanctionedEqualityTestsTheRawColumnByPrimaryKey() {
    RewriteResult result =
        postgres("SELECT p.id FROM patients p WHERE p.full_name = ? AND p.id > ?", equality);

    assertThat(result.problems()).isEmpty();
    assertThat(result.sql())
        .endsWith(" p WHERE p.id = ANY(SELECT id FROM patients WHERE full_name = ?) AND p.id > ?");
    // the output stays masked: the inline view is still there
    assertThat(result.sql()).contains("AS full_name");
    assertThat(result.parameters().isIdentity()).isTrue();
  }

  @Test
  void parameterOnTheLeftAndUnderOrAreSanctionedToo() {
    RewriteResult result =
        postgres("SELECT id FROM patients WHERE ? = full_name OR (ssn = ?)", equality);

    assertThat(result.problems()).isEmpty();
    assertThat(result.sql())
        .endsWith(
            " WHERE patients.id = ANY(SELECT id FROM patients WHERE full_name = ?) OR"
                + " (patients.id = ANY(SELECT id FROM patients WHERE ssn = ?))");
  }

  @Test
  void onlyPlainEqualityWithAParameterIsRecordedAsSuch() {
    SqlAnalyzer analyzer =
        SqlAnalyzer.of(TestCatalogs.catalog(Dialect.POSTGRESQL), List.of("public"));
    for (String sql :
        List.of(
            "SELECT id FROM patients WHERE NOT (full_name = ?)",
            "SELECT id FROM patients WHERE full_name = 'x'",
            "SELECT id FROM patients WHERE lower(full_name) = ?",
            "SELECT id FROM patients WHERE (CASE WHEN full_name = ? THEN 1 ELSE 0 END) = 0",
            "SELECT id FROM patients WHERE full_name LIKE ?",
            "SELECT id FROM patients WHERE full_name IN (?, ?)",
            "SELECT id FROM patients GROUP BY id HAVING max(full_name) = ?",
            "SELECT id FROM patients p WHERE p = ?")) {
      StatementFacts facts = analyzer.analyze(sql).statements().get(0).facts();

      assertThat(facts.predicateUses())
          .as(sql)
          .isNotEmpty()
          .noneMatch(ColumnUse::equalityWithParameter);
    }
  }

  @Test
  void anEqualityThroughADerivedTableIsAProblem() {
    RewriteResult result =
        postgres(
            "SELECT x.id FROM (SELECT id, full_name FROM patients) x WHERE x.full_name = ?",
            equality);

    assertThat(result.problems())
        .containsExactly(
            new RewriteProblem(
                RewriteProblem.Code.RAW_EQUALITY_NOT_REWRITABLE, "patients.full_name"));
  }

  @Test
  void theChangedTableOfAnUpdateIsReadRawAlready() {
    RewriteResult result = postgres("UPDATE patients SET zip = ? WHERE full_name = ?", equality);

    assertThat(result.problems()).isEmpty();
    assertThat(result.sql()).isEqualTo("UPDATE patients SET zip = ? WHERE full_name = ?");
  }

  @Test
  void parameterMapShiftsLaterParametersPastTheCopies() {
    ParameterMap map = ParameterMap.of(Map.of(2, 2, 4, 3));

    assertThat(map.positions(1)).containsExactly(1);
    assertThat(map.positions(2)).containsExactly(2, 3);
    assertThat(map.positions(3)).containsExactly(4);
    assertThat(map.positions(4)).containsExactly(5, 6, 7);
    assertThat(map.positions(5)).containsExactly(8);
    assertThat(ParameterMap.of(Map.of(1, 1))).isEqualTo(ParameterMap.identity());
  }
}
