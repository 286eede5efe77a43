package io.phiguard.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import net.sf.jsqlparser.statement.Statement;
import org.junit.jupiter.api.Test;

class TreeCoverageTest {

  private final Catalog catalog = TestCatalogs.catalog(Dialect.POSTGRESQL);

  private Statement parse(String sql) {
    SqlParser.Outcome outcome = SqlParser.parse(sql, Dialect.POSTGRESQL, Duration.ofSeconds(2));
    assertThat(outcome.parsed()).isTrue();
    return outcome.statement();
  }

  @Test
  void nodesNoWalkerReachedAreReported() {
    Statement statement =
        parse("SELECT substring(ssn FROM 1 FOR 3), trim(both 'x' FROM notes) FROM patients");
    FactsCollector nothingWalked = new FactsCollector(catalog, List.of("public"));

    TreeCoverage.check(statement, nothingWalked);

    assertThat(nothingWalked.build(List.of()).notUnderstood())
        .contains(
            "unwalked:Column", "unwalked:Table", "unwalked:PlainSelect", "unwalked:TrimFunction");
  }

  @Test
  void theWalkersReachEveryNodeOfTheConstructsAdaptersSkip() {
    for (String sql :
        List.of(
            "SELECT substring(ssn FROM 1 FOR 3), trim(both 'x' FROM notes) FROM patients",
            "SELECT JSON_OBJECT('k' VALUE ssn) FROM patients",
            "SELECT rank() OVER (PARTITION BY zip ORDER BY dob) FROM patients",
            "SELECT count(*) FILTER (WHERE ssn LIKE '1%') FROM patients",
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY dob) FROM patients",
            "SELECT string_agg(ssn, ',' ORDER BY id) FROM patients",
            "SELECT x FROM patients p, LATERAL (SELECT p.ssn AS x) l")) {
      StatementWalker.Walk walk = StatementWalker.walk(parse(sql), catalog, List.of("public"));

      assertThat(walk.facts().build(List.of()).notUnderstood()).as(sql).isEmpty();
    }
  }

  @Test
  void aColumnTheWalkerSkippedMakesTheStatementNotUnderstood() {
    Statement statement = parse("SELECT id FROM patients WHERE ssn = '1'");
    StatementWalker.Walk walk = StatementWalker.walk(statement, catalog, List.of("public"));
    FactsCollector partial = new FactsCollector(catalog, List.of("public"));
    // everything the walker reached, except the WHERE column: as if a walker forgot a child
    walk.facts().reached.stream()
        .filter(
            node ->
                !(node instanceof net.sf.jsqlparser.schema.Column
                    && ((net.sf.jsqlparser.schema.Column) node).getColumnName().equals("ssn")))
        .forEach(partial::reach);

    TreeCoverage.check(statement, partial);

    assertThat(partial.build(List.of()).notUnderstood()).containsExactly("unwalked:Column");
  }
}
