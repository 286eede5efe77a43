package io.phiguard.audit;

/** What an {@link AuditRecord} stands for. */
public enum RecordKind {
  /** The gate's decision, written before the statement runs. */
  DECISION,
  /** How the statement ended (rows, duration, SQLState), linked to its decision by decision id. */
  OUTCOME,
  /** An Ed25519-signed statement of the chain head (writer, seq, hash). */
  CHECKPOINT,
  /** Written on reopen after a crash left a half-written tail, which was truncated. */
  RECOVERED,
  /**
   * A result column whose base is a protected column the analysis did not mask, masked by the
   * driver instead (ARCHITECTURE "verify on the way out"); linked to its decision by decision id,
   * naming the column in {@code masked_columns}. Never a value.
   */
  LINEAGE_MISS
}
