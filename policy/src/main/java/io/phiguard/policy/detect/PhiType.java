package io.phiguard.policy.detect;

/** The kinds of PHI the detectors find; a detected span is replaced by {@code [NAME]}. */
public enum PhiType {
  /** US Social Security number (area, group and serial rules). */
  SSN,
  /** North American (NANP) telephone number. */
  PHONE,
  /** E-mail address. */
  EMAIL,
  /** A calendar date: ISO, US {@code m/d/y}, or with a written month. */
  DATE,
  /** Medical record number, by the policy's patterns. */
  MRN,
  /** US National Provider Identifier (10 digits, Luhn with the 80840 prefix). */
  NPI,
  /** Payment card number (13 to 19 digits, Luhn). */
  CARD,
  /** IPv4 or IPv6 address. */
  IP,
  /** A web address. */
  URL;

  /** The placeholder that replaces a detected span, e.g. {@code [SSN]}. */
  public String placeholder() {
    return "[" + name() + "]";
  }
}
