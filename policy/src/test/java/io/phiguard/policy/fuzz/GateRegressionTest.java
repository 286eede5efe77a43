package io.phiguard.policy.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.policy.Identity;
import io.phiguard.policy.Policy;
import io.phiguard.policy.PolicyException;
import io.phiguard.policy.PolicyLoader;
import io.phiguard.policy.StatementJudge;
import io.phiguard.policy.Verdict;
import io.phiguard.rewrite.Analysis;
import io.phiguard.rewrite.Catalog;
import io.phiguard.rewrite.Dialect;
import io.phiguard.rewrite.SqlAnalyzer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Statements the gate fuzz test (and its follow-up on MariaDB) found, judged for a masked caller.
 */
class GateRegressionTest {

  private static Verdict judge(Dialect dialect, String sql) throws PolicyException {
    Policy policy = PolicyLoader.parse(GateFuzzTest.POLICY, "fuzz.yaml");
    Catalog catalog = FuzzCatalogs.catalog(dialect);
    Analysis analysis = SqlAnalyzer.of(catalog, List.of(FuzzCatalogs.schema(dialect))).analyze(sql);
    Identity identity = Identity.of("fuzzer").build();
    return new StatementJudge(policy)
        .judge(analysis, identity, policy.maskSetFor(identity), catalog);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // MariaDB runs the compound statement: raw ssn came back
        "MYSQL | BEGIN NOT ATOMIC SELECT ssn FROM patients; END",
        // MySQL/MariaDB evaluate the subquery of SHOW … WHERE: an ssn oracle
        "MYSQL | SHOW COLUMNS FROM staff WHERE (SELECT ssn FROM patients LIMIT 1) LIKE '1%'",
        "MYSQL | SHOW INDEX FROM staff WHERE (SELECT ssn FROM patients LIMIT 1) LIKE '12%'",
        "MYSQL | SHOW /*!50000 COLUMNS FROM staff WHERE 1 */",
        // a string literal read as a table name: denied, and never echoed
        "POSTGRESQL | SELECT full_name FROM 'litmut' p",
        // parsed, but JSqlParser's deparser threw a NullPointerException out of the analysis
        "POSTGRESQL | GRANT ON patients TO bob",
      })
  void unparsedTextBehindAHarmlessWordDoesNotRun(Dialect dialect, String sql) throws Exception {
    Verdict verdict = judge(dialect, sql);

    assertThat(verdict.runs()).as(verdict.toString()).isFalse();
    assertThat(verdict.reason()).doesNotContain("litmut");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MYSQL | BEGIN",
        "MYSQL | START TRANSACTION",
        "MYSQL | START TRANSACTION WITH CONSISTENT SNAPSHOT",
        "MYSQL | ANALYZE TABLE patients",
        "POSTGRESQL | VACUUM patients",
        "POSTGRESQL | SHOW search_path",
        "MYSQL | SHOW COLUMNS FROM staff",
      })
  void harmlessStatementsStillRun(Dialect dialect, String sql) throws Exception {
    assertThat(judge(dialect, sql).kind()).isEqualTo(Verdict.Kind.ALLOW);
  }
}
