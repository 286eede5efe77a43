package io.phiguard.audit;

/** What the {@link AuditVerifier} found wrong with a record. */
public enum ProblemKind {
  /** Not a record: unparseable, missing chain fields. */
  MALFORMED,
  /** The record's content does not match its hash, or it is not in canonical form. */
  MODIFIED,
  /** A record that is not part of the chain: a forgery or a duplicate. */
  INSERTED,
  /** One or more seq numbers are absent. */
  MISSING,
  /** Records are present but out of order. */
  REORDERED,
  /** The record does not link to its predecessor's hash and no simpler explanation fits. */
  CHAIN_BROKEN,
  /** Records a signed checkpoint vouches for are absent from the end. */
  TRUNCATED,
  /** A checkpoint's signature does not verify under the given public key. */
  BAD_SIGNATURE,
  /** A validly signed checkpoint names a different hash than the chain has at that seq. */
  CHECKPOINT_MISMATCH,
  /** A record of another writer inside a single writer's journal. */
  FOREIGN_WRITER
}
