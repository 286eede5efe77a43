package io.phiguard.policy.detect;

/** A detector read more of a text than its budget allows; the text must be withheld whole. */
public final class BudgetExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final PhiType type;

  BudgetExceededException(PhiType type) {
    super("the " + type + " detector exceeded its budget", null, false, false);
    this.type = type;
  }

  /** The detector that ran out of budget. */
  public PhiType type() {
    return type;
  }
}
