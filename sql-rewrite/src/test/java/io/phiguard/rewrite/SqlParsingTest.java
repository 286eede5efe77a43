package io.phiguard.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlParsingTest {

  private final SqlAnalyzer postgres =
      SqlAnalyzer.of(TestCatalogs.catalog(Dialect.POSTGRESQL), List.of("public"));

  @Test
  void unparseableTextGivesAReasonWithoutSqlOrLiterals() {
    Analysis analysis = postgres.analyze("SELECT '123-45-6789' FROM WHERE ssn");

    AnalyzedStatement statement = analysis.statements().get(0);
    assertThat(statement.parsed()).isFalse();
    assertThat(statement.facts().notUnderstood()).containsExactly("parse-error");
    assertThat(statement.facts().toString()).doesNotContain("123").doesNotContain("ssn");
    assertThat(statement.rewrite(TestCatalogs.masks(Dialect.POSTGRESQL)).problems())
        .extracting(RewriteProblem::code)
        .containsExactly(RewriteProblem.Code.CANNOT_ANALYSE);
  }

  @Test
  void aParseThatMissesItsDeadlineCannotBeAnalysed() {
    SqlAnalyzer hurried = postgres.withParseTimeout(Duration.ofNanos(1));

    AnalyzedStatement statement = hurried.analyze("SELECT ssn FROM patients").statements().get(0);

    assertThat(statement.parsed()).isFalse();
    assertThat(statement.facts().notUnderstood()).containsExactly("parse-timeout");
  }

  @Test
  void textAfterTheStatementIsNotIgnored() {
    // JSqlParser's Statement() stops after the first statement; the rest must not slip through
    SqlParser.Outcome outcome =
        SqlParser.parse(
            "SELECT 1 FROM staff) SELECT ssn FROM patients",
            Dialect.POSTGRESQL,
            Duration.ofSeconds(2));

    assertThat(outcome.parsed()).isFalse();
  }

  @Test
  void statementsAreSplitAtTopLevelSemicolonsOnly() {
    List<StatementSplitter.Piece> pieces =
        StatementSplitter.split(
            "SELECT ';' FROM staff; /* ; */ SELECT \"a;b\" FROM staff -- ;\n;"
                + " SELECT $x$ ; $x$; ;",
            Dialect.POSTGRESQL);

    assertThat(pieces)
        .extracting(StatementSplitter.Piece::text)
        .containsExactly(
            "SELECT ';' FROM staff", "/* ; */ SELECT \"a;b\" FROM staff -- ;", "SELECT $x$ ; $x$");
  }

  @Test
  void mysqlBackslashEscapesAndDashCommentsFollowTheServer() {
    List<StatementSplitter.Piece> pieces =
        StatementSplitter.split("SELECT 'a\\';' FROM staff; SELECT 1--1;", Dialect.MYSQL);

    assertThat(pieces)
        .extracting(StatementSplitter.Piece::text)
        .containsExactly("SELECT 'a\\';' FROM staff", "SELECT 1--1");
  }

  @Test
  void executableCommentsAreDifferentialsInMysqlOnly() {
    String sql = "SELECT /*! ssn, */ id FROM patients";

    assertThat(StatementSplitter.split(sql, Dialect.MARIADB).get(0).differentials())
        .containsExactly("mysql-executable-comment");
    assertThat(StatementSplitter.split(sql, Dialect.POSTGRESQL).get(0).differentials()).isEmpty();
  }

  @Test
  void everyStatementOfAStringIsJudgedOnItsOwn() {
    Analysis analysis =
        postgres.analyze("SELECT id FROM staff; SELECT FROM; SELECT ssn FROM patients");

    assertThat(analysis.statements()).hasSize(3);
    assertThat(analysis.statements())
        .extracting(AnalyzedStatement::parsed)
        .containsExactly(true, false, true);
    assertThat(analysis.fullyAnalysed()).isFalse();
  }

  @Test
  void theCanonicalTextIsTheDeparsedTree() {
    AnalyzedStatement statement =
        postgres.analyze("select   ssn\nfrom patients  -- comment").statements().get(0);

    assertThat(statement.sql()).isEqualTo("SELECT ssn FROM patients");
    assertThat(postgres.analyze(statement.sql()).statements().get(0).sql())
        .isEqualTo(statement.sql());
  }
}
