package io.phiguard.approval.server;

/** Checks on text fields arriving from clients. */
final class Texts {
  static final int MAX_NAME = 256;
  static final int MAX_REASON = 2_000;
  static final int MAX_SQL = 32_000;

  private Texts() {}

  /** {@code value} stripped; it must be present and at most {@code max} characters. */
  static String required(String value, String field, int max) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    return bounded(value.strip(), field, max);
  }

  /** {@code value} stripped, or null when absent or blank. */
  static String optional(String value, String field, int max) {
    return value == null || value.isBlank() ? null : bounded(value.strip(), field, max);
  }

  private static String bounded(String value, String field, int max) {
    if (value.length() > max) {
      throw new IllegalArgumentException(field + " is longer than " + max + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // control characters would let a field forge lines in logs and chat messages
      if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
        throw new IllegalArgumentException(field + " contains control characters");
      }
    }
    return value;
  }
}
