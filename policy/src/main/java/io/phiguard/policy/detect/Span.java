package io.phiguard.policy.detect;

/**
 * A detected piece of PHI in a text.
 *
 * @param start index of its first character
 * @param end index after its last character
 * @param type what was detected
 */
public record Span(int start, int end, PhiType type) {

  public Span {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("a span covers at least one character");
    }
  }

  int length() {
    return end - start;
  }

  boolean overlaps(Span other) {
    return start < other.end && other.start < end;
  }
}
