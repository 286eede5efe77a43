package io.phiguard.driver;

/**
 * What the gate decided for one statement.
 *
 * @param id process-unique decision id, as in the audit trail
 * @param sql the SQL to send to the delegate: the application's text, or a rewrite of it
 * @param rule the rule that decided, or empty when none matched
 * @param request what was judged
 */
public record GateDecision(long id, String sql, String rule, GateRequest request) {

  @Override
  public String toString() {
    return "GateDecision[" + id + (rule.isEmpty() ? "" : ", rule " + rule) + "]";
  }
}
