package io.phiguard.driver;

import io.phiguard.rewrite.ParameterMap;
import java.util.List;
import java.util.Objects;

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
 * @param parameters where each of the caller's {@code ?} goes in {@link #sql()}: a rewrite under
 *     {@code on-masked-write: keep} repeats written parameters in place
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
    ParameterMap parameters,
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
    Objects.requireNonNull(parameters, "parameters");
    resultMasks = resultMasks == null ? ResultMasks.NONE : resultMasks;
  }

  /** A decision with a parameter map ({@code on-masked-write: keep}) and no Java masking. */
  public GateDecision(
      long id,
      String sql,
      String rule,
      GateRequest request,
      Action action,
      List<String> tables,
      List<String> maskedColumns,
      ParameterMap parameters) {
    this(id, sql, rule, request, action, tables, maskedColumns, parameters, ResultMasks.NONE);
  }

  /** A decision whose SQL takes the caller's parameters in place, with Java masking. */
  public GateDecision(
      long id,
      String sql,
      String rule,
      GateRequest request,
      Action action,
      List<String> tables,
      List<String> maskedColumns,
      ResultMasks resultMasks) {
    this(
        id,
        sql,
        rule,
        request,
        action,
        tables,
        maskedColumns,
        ParameterMap.identity(),
        resultMasks);
  }

  /** A decision whose SQL takes the caller's parameters in place and needs no Java masking. */
  public GateDecision(
      long id,
      String sql,
      String rule,
      GateRequest request,
      Action action,
      List<String> tables,
      List<String> maskedColumns) {
    this(
        id,
        sql,
        rule,
        request,
        action,
        tables,
        maskedColumns,
        ParameterMap.identity(),
        ResultMasks.NONE);
  }

  @Override
  public String toString() {
    return "GateDecision[" + id + ", " + action + (rule.isEmpty() ? "" : ", rule " + rule) + "]";
  }
}
