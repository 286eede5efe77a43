package io.phiguard.driver;

import io.phiguard.audit.AuditDecision;
import io.phiguard.audit.AuditIdentity;
import io.phiguard.audit.AuditJournal;
import io.phiguard.audit.AuditRecord;
import io.phiguard.audit.AuditSink;
import io.phiguard.audit.AuditSinkException;
import io.phiguard.audit.AuditUnavailableException;
import io.phiguard.audit.CheckpointSigner;
import io.phiguard.audit.Durability;
import io.phiguard.audit.JdbcSink;
import io.phiguard.audit.JournalOptions;
import io.phiguard.audit.JsonLinesSink;
import io.phiguard.audit.PrincipalType;
import io.phiguard.audit.RecordKind;
import io.phiguard.audit.Shipper;
import io.phiguard.audit.ShipperOptions;
import io.phiguard.audit.StatementClass;
import io.phiguard.policy.AuditSettings;
import io.phiguard.policy.Identity;
import io.phiguard.policy.Policy;
import io.phiguard.rewrite.Dialect;
import io.phiguard.rewrite.SqlKeywords;
import io.phiguard.rewrite.SqlNormalizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audit trail as a gate listener: a DECISION record reaches the local journal before the
 * statement runs (a journal that cannot take it refuses the statement with {@code PH007}), an
 * OUTCOME record after, and a denial is recorded as a DENY decision. A background shipper moves the
 * journal to the store. Records carry normalized SQL (literals removed), never values.
 *
 * <p>One trail per journal file in this process: the journal is never shared between processes (it
 * is locked) nor opened twice in one.
 */
final class AuditTrail implements GateListener {
  private static final ConcurrentHashMap<Path, AuditTrail> TRAILS = new ConcurrentHashMap<>();

  static {
    // on a normal exit: ship what is journaled and seal the journal with a checkpoint
    Runtime.getRuntime()
        .addShutdownHook(new Thread(AuditTrail::closeAll, "phiguard-audit-shutdown"));
  }

  private static final int MAX_NORMALIZED = 10_000;

  /** The first wait after a failed attempt to reach the store; it doubles up to audit.retry-max. */
  private static final Duration RETRY_MIN = Duration.ofMillis(100);

  // (dialect, text) → normalized form: data sources of several dialects may share a trail, and
  // quoting rules decide what is a literal
  private record TextKey(Dialect dialect, String sql) {}

  private final ConcurrentHashMap<TextKey, SqlNormalizer.Normalized> normalizedTexts =
      new ConcurrentHashMap<>();
  private final AuditJournal journal;
  private final Shipper shipper;
  private final AuditSink sink;
  private final String policyVersion;

  private AuditTrail(AuditJournal journal, Shipper shipper, AuditSink sink, String policyVersion) {
    this.journal = journal;
    this.shipper = shipper;
    this.sink = sink;
    this.policyVersion = policyVersion;
  }

  /**
   * The trail {@code policy}'s {@code audit:} settings describe, opened on first use. Relative
   * paths resolve against the policy file's directory.
   *
   * @throws SQLException {@code PH007} when the journal or store cannot be opened
   */
  static AuditTrail forPolicy(Policy policy) throws SQLException {
    AuditLocations where = AuditLocations.of(policy);
    Path journalPath = where.journal();
    AuditTrail trail = TRAILS.get(journalPath);
    if (trail != null) {
      return trail;
    }
    synchronized (TRAILS) {
      trail = TRAILS.get(journalPath);
      if (trail == null) {
        trail = open(policy.audit(), where, policy.policyVersion());
        TRAILS.put(journalPath, trail);
      }
      return trail;
    }
  }

  private static AuditTrail open(AuditSettings settings, AuditLocations where, String policyVersion)
      throws SQLException {
    Path journalPath = where.journal();
    try {
      Files.createDirectories(journalPath.getParent());
    } catch (IOException | RuntimeException e) {
      throw unavailable(journalPath, e);
    }
    KeyPair keys;
    try {
      keys = where.checkpointKeys();
    } catch (IOException | RuntimeException e) {
      // names the key's file or variable, never its content
      throw PhiGuardErrors.of(
          SqlState.AUDIT_UNAVAILABLE,
          "the audit checkpoint key cannot be read or created ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "); no statement runs without its audit record. Check audit.checkpoint-key");
    }
    AuditJournal journal = null;
    try {
      journal =
          AuditJournal.open(
              JournalOptions.builder(journalPath, new CheckpointSigner(keys))
                  .writerName("phiguard")
                  .durability(
                      settings.durability() == AuditSettings.Durability.FSYNC
                          ? Durability.FSYNC
                          : Durability.WRITE)
                  // no statement waits for a signature and an fsync
                  .backgroundCheckpoints(true)
                  .build());
      AuditSink sink = sink(where);
      Shipper shipper =
          Shipper.create(
              ShipperOptions.builder(journalPath, sink)
                  .spool(settings.spool())
                  .backoff(RETRY_MIN, max(RETRY_MIN, settings.retryMax()))
                  .checkpointSource(journal)
                  .build());
      shipper.start();
      return new AuditTrail(journal, shipper, sink, policyVersion);
    } catch (AuditUnavailableException | AuditSinkException | IOException | RuntimeException e) {
      if (journal != null) {
        // release the writer lock: a later connection may find the store back and try again
        try {
          journal.close();
        } catch (AuditUnavailableException | RuntimeException ignored) {
          // the journal's records are already written
        }
      }
      throw unavailable(journalPath, e);
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static SQLException unavailable(Path journalPath, Exception e) {
    // the class only: a store's message may repeat its URL with a password
    return PhiGuardErrors.of(
        SqlState.AUDIT_UNAVAILABLE,
        "the audit trail cannot be opened (journal "
            + journalPath
            + ": "
            + e.getClass().getSimpleName()
            + "); no statement runs without its audit record."
            + " Check audit.journal and audit.store in the policy file");
  }

  private static AuditSink sink(AuditLocations where) throws AuditSinkException {
    Optional<Path> file = where.storeFile();
    if (file.isPresent()) {
      return JsonLinesSink.open(file.get());
    }
    return JdbcSink.create(where.store(), new Properties(), JdbcSink.DEFAULT_TABLE);
  }

  /**
   * Closes every open trail: the shipper delivers what it can, the journal ends with a signed
   * checkpoint and its lock is released. A connection opened later opens its trail again.
   */
  static void closeAll() {
    synchronized (TRAILS) {
      for (AuditTrail trail : TRAILS.values()) {
        trail.close();
      }
      TRAILS.clear();
    }
  }

  private void close() {
    try {
      shipper.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // closing goes on: the journal still gets its checkpoint
    }
    try {
      journal.close();
    } catch (RuntimeException | AuditUnavailableException e) {
      // the journal's records are already written; only the final checkpoint is missing
    }
    try {
      // one last delivery, the final checkpoint included: the background thread may have stopped
      // between batches
      shipper.shipAvailable();
    } catch (AuditSinkException | IOException | RuntimeException e) {
      // the records stay in the journal; the next trail on it ships them
    }
    try {
      // releases an embedded store's file, e.g. for ./phiguard audit verify
      sink.close();
    } catch (RuntimeException | AuditSinkException e) {
      // what was not shipped stays in the journal
    }
  }

  @Override
  public void onDecision(GateRequest request, GateDecision decision) throws SQLException {
    if (!shipper.acceptsStatements()) {
      // the journal is healthy: the refusal itself is on record
      try {
        append(decision(request, decision, AuditDecision.DENY), decision.id());
      } catch (SQLException e) {
        // refused either way
      }
      throw PhiGuardErrors.of(
          SqlState.AUDIT_UNAVAILABLE,
          "the audit store is unreachable and audit.spool is false; statements wait until it"
              + " is back",
          "audit",
          decision.id());
    }
    AuditDecision verdict =
        decision.needsApproval() ? AuditDecision.NEEDS_APPROVAL : decisionOf(decision.action());
    append(decision(request, decision, verdict), decision.id());
  }

  @Override
  public void onDenied(GateDecision decision, SQLException refusal) {
    try {
      append(decision(decision.request(), decision, AuditDecision.DENY), decision.id());
    } catch (SQLException e) {
      // the statement is refused anyway
    }
  }

  @Override
  public void onOutcome(GateDecision decision, SQLException failure) {
    onOutcome(decision, failure, -1);
  }

  @Override
  public void onRowsRead(GateDecision decision, long rows) {
    // a second OUTCOME of the same decision: the rows the caller read, when its result set closed
    AuditRecord read =
        AuditRecord.builder(RecordKind.OUTCOME, Instant.now())
            .decisionId(Long.toString(decision.id()))
            .rows(rows)
            .durationMicros(
                Math.max(0, (System.nanoTime() - decision.request().startedNanos()) / 1_000))
            .message("result set closed")
            .build();
    try {
      append(read, decision.id());
    } catch (SQLException e) {
      // the rows were read; the statement's decision record is in the journal
    }
  }

  @Override
  public void onOutcome(GateDecision decision, SQLException failure, long rows) {
    long micros = (System.nanoTime() - decision.request().startedNanos()) / 1_000;
    AuditRecord.Builder outcome =
        // linked to its DECISION record by the decision id, which carries SQL and fingerprint
        AuditRecord.builder(RecordKind.OUTCOME, Instant.now())
            .decisionId(Long.toString(decision.id()))
            .durationMicros(Math.max(0, micros));
    if (rows >= 0) {
      outcome.rows(rows);
    }
    if (failure != null) {
      // SQLState and the already redacted message only, never the vendor's text
      outcome.sqlState(failure.getSQLState()).message(failure.getMessage());
    }
    if (decision.approval() != null) {
      outcome.approval(decision.approval().requestId(), decision.approval().approvers());
    } else if (failure instanceof PhiGuardErrors.ApprovalDetails a && a.requestId() != null) {
      outcome.approval(a.requestId(), List.of());
    }
    try {
      append(outcome.build(), decision.id());
    } catch (SQLException e) {
      // the statement already ran; its decision record is in the journal
    }
  }

  @Override
  public void onLineageMiss(GateDecision decision, String column, int index) {
    AuditRecord record =
        AuditRecord.builder(RecordKind.LINEAGE_MISS, Instant.now())
            .decisionId(Long.toString(decision.id()))
            .maskedColumns(List.of(column))
            .message(
                "result column "
                    + index
                    + " comes from protected column "
                    + column
                    + ", which the analysis did not mask; masked by the driver")
            .policyVersion(policyVersion)
            .build();
    try {
      append(record, decision.id());
    } catch (SQLException e) {
      // the column is masked either way; the decision record already names the statement
    }
  }

  private AuditRecord decision(GateRequest request, GateDecision decision, AuditDecision verdict) {
    SqlNormalizer.Normalized normalized = normalized(request);
    return AuditRecord.builder(RecordKind.DECISION, Instant.now())
        .identity(identity(request.identity()))
        .datasource(request.connection().datasource())
        .statementClass(statementClass(normalized.sql()))
        .normalizedSql(normalized.sql())
        .fingerprint(normalized.fingerprint())
        .tables(decision.tables())
        .maskedColumns(decision.maskedColumns())
        .decision(verdict)
        .rule(decision.rule())
        .policyVersion(policyVersion)
        .decisionId(Long.toString(decision.id()))
        .build();
  }

  private void append(AuditRecord record, long decisionId) throws SQLException {
    try {
      journal.append(record);
      shipper.wakeUp();
    } catch (AuditUnavailableException e) {
      throw PhiGuardErrors.of(
          SqlState.AUDIT_UNAVAILABLE,
          "the audit record cannot be written to the journal, so the statement does not run."
              + " Check the disk and audit.journal",
          "audit",
          decisionId);
    }
  }

  /** Normalized once per distinct text: statements repeat, and this runs before each of them. */
  private SqlNormalizer.Normalized normalized(GateRequest request) {
    TextKey key = new TextKey(request.connection().dialect(), request.analysedSql());
    SqlNormalizer.Normalized known = normalizedTexts.get(key);
    if (known == null) {
      known = SqlNormalizer.normalize(key.sql(), key.dialect());
      if (normalizedTexts.size() >= MAX_NORMALIZED) {
        normalizedTexts.clear();
      }
      normalizedTexts.put(key, known);
    }
    return known;
  }

  private static AuditDecision decisionOf(GateDecision.Action action) {
    return switch (action) {
      case ALLOW -> AuditDecision.ALLOW;
      case MASK -> AuditDecision.MASK;
      case DENY -> AuditDecision.DENY;
    };
  }

  private static AuditIdentity identity(Identity identity) {
    if (identity.isNone()) {
      return AuditIdentity.of("", PrincipalType.UNKNOWN, false, "none");
    }
    PrincipalType type = identity.agent().isEmpty() ? PrincipalType.HUMAN : PrincipalType.AGENT;
    return new AuditIdentity(
        identity.subject(),
        type,
        List.copyOf(identity.groups()).stream().sorted().toList(),
        identity.onBehalfOf(),
        identity.verified(),
        identity.source().name().toLowerCase(Locale.ROOT));
  }

  private static StatementClass statementClass(String normalizedSql) {
    return switch (SqlKeywords.leading(normalizedSql)) {
      case "select", "with", "table", "values", "show", "explain" -> StatementClass.READ;
      case "insert", "update", "delete", "merge", "upsert", "replace", "copy" ->
          StatementClass.WRITE;
      case "create", "alter", "drop", "truncate", "rename", "comment" -> StatementClass.DDL;
      case "grant", "revoke" -> StatementClass.ROLE;
      case "call", "execute", "exec", "do" -> StatementClass.FUNCTION;
      default -> StatementClass.MISC;
    };
  }
}
