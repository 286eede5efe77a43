package io.phiguard.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SHOW is metadata, except where it prints statement text or hides a query. */
class ShowStatementsTest {
  private final SqlAnalyzer analyzer =
      SqlAnalyzer.of(
          TestCatalogs.catalog(Dialect.MYSQL), List.of(TestCatalogs.schema(Dialect.MYSQL)));

  private AnalyzedStatement analyzed(String sql) {
    List<AnalyzedStatement> statements = analyzer.analyze(sql).statements();
    assertThat(statements).hasSize(1);
    return statements.get(0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SHOW TABLES",
        "SHOW TABLES LIKE 'pat%'",
        "SHOW FULL TABLES",
        "SHOW CREATE TABLE visits",
        "SHOW CREATE TABLE patients",
        "SHOW INDEX FROM patients",
        "SHOW COLUMNS FROM patients",
        "SHOW VARIABLES LIKE 'max%'",
        "SHOW TABLE STATUS",
        "SHOW WARNINGS",
        "SHOW search_path",
        "SHOW ALL"
      })
  void metadataAndSettingsAreAnalysedAndReadNoRows(String sql) {
    AnalyzedStatement statement = analyzed(sql);
    assertThat(statement.parsed()).isTrue();
    assertThat(statement.facts().fullyAnalysed()).isTrue();
    assertThat(statement.facts().tables()).allMatch(t -> t.known() || !"server".equals(t.schema()));
    assertThat(statement.facts().outputs()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SHOW PROCESSLIST",
        "SHOW FULL PROCESSLIST",
        "SHOW ENGINE INNODB STATUS",
        "SHOW BINLOG EVENTS",
        "SHOW RELAYLOG EVENTS",
        "SHOW PROFILES",
        "SHOW SLAVE STATUS",
        "SHOW ALL SLAVES STATUS",
        "SHOW REPLICA STATUS"
      })
  void formsThatPrintStatementTextReadAServerRelation(String sql) {
    AnalyzedStatement statement = analyzed(sql);
    if (statement.parsed()) {
      assertThat(statement.facts().tables())
          .anySatisfy(
              t -> {
                assertThat(t.known()).isFalse();
                assertThat(t.schema()).isEqualTo("server");
              });
    } else {
      // unparsed: never on the harmless keyword list
      assertThat(statement.leadingKeyword()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SHOW TABLES WHERE (SELECT ssn FROM patients LIMIT 1) LIKE '1%'",
        "SHOW VARIABLES WHERE Variable_name = (SELECT full_name FROM patients LIMIT 1)"
      })
  void aShowThatHidesAQueryIsNotUnderstood(String sql) {
    AnalyzedStatement statement = analyzed(sql);
    assertThat(statement.parsed() && statement.facts().fullyAnalysed()).isFalse();
    if (!statement.parsed()) {
      assertThat(statement.leadingKeyword()).isEmpty();
    }
  }
}
