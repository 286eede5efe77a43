package io.phiguard.policy.detect;

/** The check-digit rules the detectors validate candidates with. */
final class Checksums {
  private Checksums() {}

  /** Whether the decimal digits of {@code digits} pass the Luhn (mod 10) check. */
  static boolean luhn(CharSequence digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return digits.length() > 0 && sum % 10 == 0;
  }

  /** An NPI is valid when Luhn passes over the card-issuer prefix 80840 followed by its digits. */
  static boolean npi(CharSequence tenDigits) {
    return tenDigits.length() == 10
        && (tenDigits.charAt(0) == '1' || tenDigits.charAt(0) == '2')
        && luhn("80840" + tenDigits);
  }

  /**
   * The SSA's rules for an issued number: area not 000, 666 or 900-999; group not 00; serial not
   * 0000.
   */
  static boolean ssn(int area, int group, int serial) {
    return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
  }

  /** Only the digits of {@code text}. */
  static String digits(CharSequence text) {
    StringBuilder digits = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    return digits.toString();
  }
}
