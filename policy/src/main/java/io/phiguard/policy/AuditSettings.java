package io.phiguard.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how audit records are kept ({@code audit:} in the policy file).
 *
 * @param store where the shipper delivers records: a JDBC URL or {@code file:…jsonl}
 * @param journal the writer's local append-only journal (one per process, never shared)
 * @param durability how far a decision record is written before the statement runs
 * @param spool whether statements run while the store is unreachable and the journal is healthy
 * @param retryMax the longest wait between two attempts to reach an unreachable store (the wait
 *     starts at 100 ms and doubles up to this); bounds how long after an outage shipping resumes
 * @param checkpointKey where the Ed25519 checkpoint key pair is kept ({@code audit.checkpoint-key:
 *     file:/path} or {@code env:NAME}, PEM); empty: {@code <journal>.key} beside the journal
 */
public record AuditSettings(
    String store,
    String journal,
    Durability durability,
    boolean spool,
    Duration retryMax,
    Optional<SecretRef> checkpointKey) {

  /** The default store: an embedded H2 file (single process; shared use means PostgreSQL). */
  public static final String DEFAULT_STORE = "jdbc:h2:file:./phiguard-audit";

  /** The default journal. */
  public static final String DEFAULT_JOURNAL = "./phiguard-journal";

  /** The default {@link #retryMax}. */
  public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(30);

  private static final AuditSettings DEFAULTS =
      new AuditSettings(
          DEFAULT_STORE,
          DEFAULT_JOURNAL,
          Durability.WRITE,
          true,
          DEFAULT_RETRY_MAX,
          Optional.empty());

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
    Objects.requireNonNull(retryMax, "retryMax");
    Objects.requireNonNull(checkpointKey, "checkpointKey");
    if (retryMax.isNegative() || retryMax.isZero()) {
      throw new IllegalArgumentException("retryMax must be positive");
    }
  }

  /** Settings with the default {@link #retryMax} and the checkpoint key beside the journal. */
  public AuditSettings(String store, String journal, Durability durability, boolean spool) {
    this(store, journal, durability, spool, DEFAULT_RETRY_MAX, Optional.empty());
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
        + ", retryMax="
        + retryMax
        + checkpointKey.map(k -> ", checkpointKey=" + k).orElse("")
        + "]";
  }
}
