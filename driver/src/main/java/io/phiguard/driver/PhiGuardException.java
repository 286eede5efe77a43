package io.phiguard.driver;

/**
 * Implemented by every exception PhiGuard raises itself, whatever JDBC subclass it extends: catch
 * by JDBC type, or test {@code instanceof PhiGuardException} to read the decision and rule.
 */
public interface PhiGuardException {

  /** What PhiGuard knows about a refusal. */
  record Details(SqlState state, String rule, long decisionId) {}

  /** The state, rule and decision of this exception. */
  Details details();

  /** The documented SQLState. */
  default SqlState state() {
    return details().state();
  }

  /** The rule that caused the refusal, or empty. */
  default String rule() {
    return details().rule();
  }

  /** The id of the gate decision, as in the audit trail; 0 when no statement was judged. */
  default long decisionId() {
    return details().decisionId();
  }
}
