package io.phiguard.policy.detect;

/**
 * A text that refuses to be read more than a budget of characters. Java's regex engine backtracks;
 * the built-in patterns are written to run in linear time, but a pattern from a policy file may not
 * be. Reading through this wrapper turns a runaway match into {@link BudgetExceeded} instead of a
 * thread stuck for minutes.
 */
final class BoundedText implements CharSequence {

  /** Thrown when a match reads more characters than its budget. */
  static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetExceeded() {
      super("detector exceeded its character budget", null, false, false);
    }
  }

  private final String text;
  private final int offset;
  private final int length;
  private final long[] reads;
  private final long budget;

  private BoundedText(String text, int offset, int length, long[] reads, long budget) {
    this.text = text;
    this.offset = offset;
    this.length = length;
    this.reads = reads;
    this.budget = budget;
  }

  /** {@code text} readable {@code budget} characters in total, over all matches of one pattern. */
  static BoundedText of(String text, long budget) {
    return new BoundedText(text, 0, text.length(), new long[1], budget);
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (++reads[0] > budget) {
      throw new BudgetExceeded();
    }
    return text.charAt(offset + index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedText(text, offset + start, end - start, reads, budget);
  }

  @Override
  public String toString() {
    return text.substring(offset, offset + length);
  }
}
