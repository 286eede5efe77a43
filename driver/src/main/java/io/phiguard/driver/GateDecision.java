package io.phiguard.driver;

import java.util.List;

/**
 * What the gate decided for one statement.
 *
 * @param id process-unique decision id, as in the audit trail
 * @param sql the SQL to send to the delegate: the application's text, or a rewrite of it; null when
 *     denied
 * @param rule the rule that decided, or empty when none matched
 * @param request what was judged
 * @param action run as written, run masked, or denied
 * @param tables the tables the statement uses, where it was analysed
 * @param maskedColumns the columns ({@code table.column}) whose values reach the caller masked
 * @param resultMasks what the result sets of this statement mask in Java and verify
 */
public record GateDecision(
    long id,
    String sql,
    String rule,
    GateRequest request,
    Action action,
    List<String> tables,
    List<String> maskedColumns,
    ResultMasks resultMasks) {

  /** What happens to the statement. */
  public enum Action {
    /** Runs as the application wrote it. */
    ALLOW,
    /** Runs rewritten: protected tables replaced by masking views. */
    MASK,
    /** Refused. */
    DENY
  }

  public GateDecision {
    tables = List.copyOf(tables);
    maskedColumns = List.copyOf(maskedColumns);
    resultMasks = resultMasks == null ? ResultMasks.NONE : resultMasks;
  }

  /** A decision whose result sets need no masking in Java. */
  public GateDecision(
      long id,
      String sql,
      String rule,
      GateRequest request,
      Action action,
      List<String> tables,
      List<String> maskedColumns) {
    this(id, sql, rule, request, action, tables, maskedColumns, ResultMasks.NONE);
  }

  @Override
  public String toString() {
    return "GateDecision[" + id + ", " + action + (rule.isEmpty() ? "" : ", rule " + rule) + "]";
  }
}
