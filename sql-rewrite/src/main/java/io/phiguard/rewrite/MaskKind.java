package io.phiguard.rewrite;

/** The mask functions. The first six run in SQL; {@link #HASH} and {@link #DETECT} after it. */
public enum MaskKind {
  /** A fixed string of fill characters; non-text values become NULL. */
  REDACT,
  /** NULL of the column's type. */
  NULL,
  /** Keep the first and last characters, fill the rest (values too short are filled entirely). */
  PARTIAL,
  /** Keep the domain of an e-mail address: {@code *****@example.org}. */
  EMAIL,
  /** Dates generalised to January 1 of their year, same type. */
  YEAR,
  /** Keep the first three characters of a postal code, zeros for the rest. */
  ZIP3,
  /** Keyed, deterministic pseudonym, computed in the driver's result set (the key never in SQL). */
  HASH,
  /** Free text through PHI detectors, computed in the driver's result set. */
  DETECT;

  /** Whether the mask is an SQL expression in the rewritten statement. */
  public boolean inSql() {
    return this != HASH && this != DETECT;
  }
}
