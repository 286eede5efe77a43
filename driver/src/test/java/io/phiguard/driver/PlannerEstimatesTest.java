package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.policy.ApprovalRule;
import io.phiguard.policy.ApprovalTrigger;
import io.phiguard.policy.RowLimit;
import io.phiguard.policy.SourceLocation;
import io.phiguard.rewrite.Dialect;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The estimate cache, against a stand-in connection that answers PostgreSQL-style EXPLAIN text: how
 * often the planner is asked, and what is read from its answer.
 */
class PlannerEstimatesTest {
  private static final RowCheck CHECK =
      RowCheck.of(
          new RowLimit(
              new ApprovalRule(
                  "large-read",
                  ApprovalTrigger.rowsAbove(1000),
                  1,
                  Set.of("privacy"),
                  List.of(),
                  new SourceLocation("t.yaml", 1, 1)),
              true,
              -1,
              false));

  private final AtomicInteger explains = new AtomicInteger();
  private final Deque<List<String>> answers = new ArrayDeque<>();
  private final PlannerEstimates estimates = new PlannerEstimates();

  @Test
  void aStatementWhoseValuesAllGetTheSameEstimateIsExplainedOnlyUntilThatIsClear()
      throws Exception {
    for (int i = 0; i < 10; i++) {
      answers.add(
          List.of("Index Scan using patients_pkey on patients  (cost=0.29..8.31 rows=1 width=16)"));
    }
    for (int id = 1; id <= 10; id++) {
      assertThat(estimate("SELECT * FROM patients WHERE id = ?", "digest-" + id)).isEqualTo(1);
    }
    // three different values agreed: the text's estimate stands for the others
    assertThat(explains).hasValue(3);
  }

  @Test
  void valuesWithDifferentEstimatesAreEachExplainedAndCachedPerValue() throws Exception {
    answers.add(List.of("Index Scan on patients  (cost=0.29..9.31 rows=50 width=16)"));
    answers.add(List.of("Seq Scan on patients  (cost=0.00..900.00 rows=40000 width=16)"));
    assertThat(estimate("SELECT * FROM patients WHERE id <= ?", "a")).isEqualTo(50);
    assertThat(estimate("SELECT * FROM patients WHERE id <= ?", "b")).isEqualTo(40000);
    assertThat(estimate("SELECT * FROM patients WHERE id <= ?", "a")).isEqualTo(50);
    assertThat(explains).hasValue(2);
  }

  @Test
  void aWriteIsEstimatedByTheNodeBelowItsModifyTable() throws Exception {
    answers.add(
        List.of(
            "Update on patients  (cost=0.00..35.50 rows=0 width=0)",
            "  ->  Seq Scan on patients  (cost=0.00..35.50 rows=2550 width=10)"));
    assertThat(estimate("UPDATE patients SET ward = ?", "u")).isEqualTo(2550);
  }

  @Test
  void aReadSeenPastItsCapCountsAsLargeForThoseValuesAndTheTextIsTrustedNoMore() throws Exception {
    for (int i = 0; i < 4; i++) {
      answers.add(List.of("Seq Scan on patients  (cost=0.00..1.00 rows=250 width=16)"));
    }
    for (String digest : List.of("a", "b", "c")) {
      estimate("SELECT * FROM patients WHERE lower(ward) = ?", digest);
    }
    estimates.exceeded("SELECT * FROM patients WHERE lower(ward) = ?", "c", 1001);
    assertThat(
            estimates.estimate(
                Dialect.POSTGRESQL,
                connection(),
                "SELECT * FROM patients WHERE lower(ward) = ?",
                "c",
                CHECK,
                explain -> true))
        .isEqualTo(new PlannerEstimates.Estimate(1001, true));
    // other values are asked again
    assertThat(estimate("SELECT * FROM patients WHERE lower(ward) = ?", "d")).isEqualTo(250);
    assertThat(explains).hasValue(4);
  }

  @Test
  void noEstimateOnH2OrWhenTheValuesCannotBeBoundTwice() throws Exception {
    assertThat(
            estimates.estimate(
                Dialect.H2, connection(), "SELECT * FROM patients", "x", CHECK, null))
        .isEqualTo(PlannerEstimates.Estimate.NONE);
    assertThat(
            estimates.estimate(
                Dialect.POSTGRESQL,
                connection(),
                "SELECT * FROM patients WHERE notes = ?",
                "y",
                CHECK,
                explain -> false))
        .isEqualTo(PlannerEstimates.Estimate.NONE);
    assertThat(explains).hasValue(0);
  }

  private long estimate(String sql, String digest) {
    return estimates
        .estimate(Dialect.POSTGRESQL, connection(), sql, digest, CHECK, explain -> true)
        .rows();
  }

  /** A connection whose prepared EXPLAIN answers the next queued plan text. */
  private Connection connection() {
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getAutoCommit" -> true;
                  case "prepareStatement" -> statement();
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private PreparedStatement statement() {
    return (PreparedStatement)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "executeQuery" -> {
                    explains.incrementAndGet();
                    yield plan(answers.removeFirst());
                  }
                  case "close" -> null;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private ResultSet plan(List<String> lines) {
    Deque<String> left = new ArrayDeque<>(lines);
    String[] current = new String[1];
    return (ResultSet)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {ResultSet.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "next" -> {
                    current[0] = left.pollFirst();
                    yield current[0] != null;
                  }
                  case "getString" -> current[0];
                  case "close" -> null;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
