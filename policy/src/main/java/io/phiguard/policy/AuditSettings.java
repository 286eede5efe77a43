package io.phiguard.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * Where and how audit records are kept ({@code audit:} in the policy file).
 *
 * @param store the sink: {@code jdbc:h2:file:…} (default), {@code jdbc:postgresql://…}, or {@code
 *     file:….jsonl}; may carry credentials, so {@link #toString} hides them
 * @param journal the writer's local append-only journal (one per process, never shared)
 * @param durability how far a decision record is written before the statement runs
 * @param spool whether statements run while the store is unreachable and the journal is healthy
 * @param checkpointKey where the Ed25519 checkpoint key pair is kept ({@code audit.checkpoint-key:
 *     file:/path} or {@code env:NAME}, PEM); empty: {@code <journal>.key} beside the journal
 */
public record AuditSettings(
    String store,
    String journal,
    Durability durability,
    boolean spool,
    Optional<SecretRef> checkpointKey) {

  /** The default store: an embedded H2 file (single process; shared use means PostgreSQL). */
  public static final String DEFAULT_STORE = "jdbc:h2:file:./phiguard-audit";

  /** The default journal. */
  public static final String DEFAULT_JOURNAL = "./phiguard-journal";

  private static final AuditSettings DEFAULTS =
      new AuditSettings(DEFAULT_STORE, DEFAULT_JOURNAL, Durability.WRITE, true, Optional.empty());

  /** How far a decision record is written before the statement runs. */
  public enum Durability {
    /** A {@code write} to the journal: survives the process being killed (default). */
    WRITE,
    /** {@code write} and {@code fsync}: also survives power loss, at a cost per statement. */
    FSYNC
  }

  public AuditSettings {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(journal, "journal");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(checkpointKey, "checkpointKey");
  }

  /** Settings with the checkpoint key beside the journal. */
  public AuditSettings(String store, String journal, Durability durability, boolean spool) {
    this(store, journal, durability, spool, Optional.empty());
  }

  /** The settings used when the policy has no {@code audit:} section. */
  public static AuditSettings defaults() {
    return DEFAULTS;
  }

  @Override
  public String toString() {
    return "AuditSettings[store="
        + Redaction.url(store)
        + ", journal="
        + journal
        + ", durability="
        + durability
        + ", spool="
        + spool
        + checkpointKey.map(k -> ", checkpointKey=" + k).orElse("")
        + "]";
  }
}
