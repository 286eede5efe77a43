package io.phiguard.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementFactsTest {

  private static final ColumnRef SSN = new ColumnRef("public", "patients", "ssn");
  private static final ColumnRef ID = new ColumnRef("public", "patients", "id");
  private static final ColumnRef PATIENT_ID = new ColumnRef("public", "visits", "patient_id");

  private final SqlAnalyzer analyzer =
      SqlAnalyzer.of(TestCatalogs.catalog(Dialect.POSTGRESQL), List.of("public"));

  private StatementFacts facts(String sql) {
    List<AnalyzedStatement> statements = analyzer.analyze(sql).statements();
    assertThat(statements).hasSize(1);
    return statements.get(0).facts();
  }

  @Test
  void lineageFollowsDerivedTablesAndCtes() {
    StatementFacts facts =
        facts("WITH c AS (SELECT ssn AS s FROM patients) SELECT d.x FROM (SELECT s AS x FROM c) d");

    assertThat(facts.fullyAnalysed()).isTrue();
    assertThat(facts.outputs())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.label()).isEqualTo("x");
              assertThat(o.lineage()).containsExactly(SSN);
              assertThat(o.bare()).isTrue();
            });
  }

  @Test
  void predicateReadsThroughAliasesAreOracles() {
    StatementFacts facts =
        facts("SELECT d.id FROM (SELECT id, ssn AS s FROM patients) d WHERE d.s = ?");

    assertThat(facts.predicateUses())
        .containsExactly(new ColumnUse(SSN, Clause.WHERE, false, true));
  }

  @Test
  void orderByOutputAliasReadsItsSource() {
    StatementFacts facts = facts("SELECT lower(ssn) AS k FROM patients ORDER BY k");

    assertThat(facts.predicateUses())
        .extracting(ColumnUse::column, ColumnUse::clause)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(SSN, Clause.ORDER_BY));
  }

  @Test
  void correlatedSubqueriesResolveToTheOuterLevel() {
    StatementFacts facts =
        facts(
            "SELECT id FROM patients p WHERE EXISTS (SELECT 1 FROM visits v WHERE v.patient_id = p.id)");

    assertThat(facts.predicateUses())
        .extracting(ColumnUse::column)
        .containsExactlyInAnyOrder(PATIENT_ID, ID);
  }

  @Test
  void usingColumnsAppearOnceInAStar() {
    StatementFacts facts = facts("SELECT * FROM patients JOIN visits USING (id)");

    // 8 patients columns + 3 visits columns other than id
    assertThat(facts.outputs()).hasSize(11);
    assertThat(facts.uses()).contains(new ColumnUse(ID, Clause.JOIN, false, false));
  }

  @Test
  void wholeRowReferencesReadEveryColumn() {
    StatementFacts facts = facts("SELECT row_to_json(p) FROM patients p");

    assertThat(facts.outputs().get(0).lineage()).hasSize(8).contains(SSN);
    assertThat(facts.outputs().get(0).bare()).isFalse();
  }

  @Test
  void unknownRelationsAreListedAndTheirColumnsOpaque() {
    StatementFacts facts =
        facts("SELECT x.secret, p.id FROM mystery x JOIN patients p ON p.id = x.pid");

    assertThat(facts.unknownTables()).extracting(TableUse::name).containsExactly("mystery");
    assertThat(facts.outputs().get(0).opaque()).isTrue();
    assertThat(facts.fullyAnalysed()).isTrue();
  }

  @Test
  void anUnresolvedColumnMeansNotFullyAnalysed() {
    StatementFacts facts = facts("SELECT nosuch FROM patients");

    assertThat(facts.notUnderstood()).containsExactly("unresolved-column");
  }

  @Test
  void writesAndCopiesAreReported() {
    StatementFacts facts = facts("INSERT INTO staff (id, name) SELECT id, full_name FROM patients");

    assertThat(facts.kind()).isEqualTo(StatementKind.INSERT);
    assertThat(facts.written())
        .containsExactly(
            new ColumnRef("public", "staff", "id"), new ColumnRef("public", "staff", "name"));
    assertThat(facts.sinks())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.kind()).isEqualTo(Sink.Kind.INSERT_SELECT);
              assertThat(s.sources()).contains(new ColumnRef("public", "patients", "full_name"));
            });
  }

  @Test
  void functionsSettingsLockingAndExplainAreReported() {
    assertThat(facts("SELECT md5(ssn) FROM patients").functions()).containsExactly("md5");
    assertThat(facts("SET search_path = evil").sessionSettings()).containsExactly("search_path");
    assertThat(facts("SELECT id FROM patients FOR UPDATE").lockingClause()).isTrue();
    StatementFacts explain = facts("EXPLAIN SELECT ssn FROM patients");
    assertThat(explain.explain()).isTrue();
    assertThat(explain.kind()).isEqualTo(StatementKind.SELECT);
  }

  @Test
  void statementKinds() {
    assertThat(facts("DROP TABLE patients").kind()).isEqualTo(StatementKind.DDL);
    assertThat(facts("GRANT SELECT ON patients TO bob").kind()).isEqualTo(StatementKind.DCL);
    assertThat(facts("CALL f(1)").kind()).isEqualTo(StatementKind.CALL);
    assertThat(facts("COMMIT").kind()).isEqualTo(StatementKind.UTILITY);
    assertThat(facts("DELETE FROM visits WHERE id = 1").kind()).isEqualTo(StatementKind.DELETE);
  }

  @Test
  void updatesAndDeletesWithoutWhereAreUnboundedWrites() {
    assertThat(facts("DELETE FROM patients").unboundedWrite()).isTrue();
    assertThat(facts("UPDATE patients SET ssn = NULL").unboundedWrite()).isTrue();
    assertThat(facts("DELETE FROM patients WHERE id = ?").unboundedWrite()).isFalse();
    assertThat(facts("UPDATE patients SET ssn = NULL WHERE id = 1").unboundedWrite()).isFalse();
    assertThat(facts("SELECT id FROM patients").unboundedWrite()).isFalse();
  }
}
