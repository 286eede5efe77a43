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
 * @param approvalRule the approval rule the statement needs a human's yes under before it runs, or
 *     empty
 * @param approval the approval it ran under (request id and approvers), or null
 * @param rowCheck the {@code rows > N} rule the statement's row count is held to, and the planner's
 *     estimate once made; null when none
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
    ResultMasks resultMasks,
    String approvalRule,
    Approval approval,
    RowCheck rowCheck,
    List<String> protectedColumns) {

  /**
   * The approval a statement ran under.
   *
   * @param requestId the approval request
   * @param approvers the subjects who approved
   */
  public record Approval(String requestId, List<String> approvers) {
    public Approval {
      approvers = List.copyOf(approvers);
    }
  }

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
    Objects.requireNonNull(approvalRule, "approvalRule");
    protectedColumns = protectedColumns == null ? List.of() : List.copyOf(protectedColumns);
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
        ResultMasks.NONE,
        "",
        null,
        null,
        List.of());
  }

  /** Whether the statement waits for a human's approval before it runs. */
  public boolean needsApproval() {
    return !approvalRule.isEmpty() && approval == null;
  }

  /** This decision, approved as {@code given}. */
  public GateDecision approved(Approval given) {
    return new GateDecision(
        id,
        sql,
        rule,
        request,
        action,
        tables,
        maskedColumns,
        parameters,
        resultMasks,
        approvalRule,
        given,
        rowCheck,
        protectedColumns);
  }

  /**
   * This decision with its row count checked: held for approval under the row rule when the planner
   * expects more rows than it allows.
   */
  public GateDecision rowsChecked(RowCheck check) {
    boolean above = check.estimate() > check.limit().threshold();
    return new GateDecision(
        id,
        sql,
        rule,
        request,
        action,
        tables,
        maskedColumns,
        parameters,
        resultMasks,
        above && approvalRule.isEmpty() ? check.limit().rule().name() : approvalRule,
        approval,
        check,
        protectedColumns);
  }

  /** This decision with the tables and protected columns it uses named, for approvers. */
  public GateDecision withScope(List<String> usedTables, List<String> usedColumns) {
    return new GateDecision(
        id,
        sql,
        rule,
        request,
        action,
        usedTables,
        maskedColumns,
        parameters,
        resultMasks,
        approvalRule,
        approval,
        rowCheck,
        usedColumns);
  }

  /**
   * The most rows a result of this statement may return before reading stops with {@code PH006}:
   * the row rule's N, unless a human approved the statement; -1 for no cap.
   */
  public long rowCap() {
    return rowCheck == null || approval != null ? -1 : rowCheck.limit().threshold();
  }

  @Override
  public String toString() {
    return "GateDecision["
        + id
        + ", "
        + action
        + (rule.isEmpty() ? "" : ", rule " + rule)
        + (approvalRule.isEmpty() ? "" : ", approval " + approvalRule)
        + "]";
  }
}
