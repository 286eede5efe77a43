package io.phiguard.driver;

import io.phiguard.audit.AuditDecision;
import io.phiguard.audit.AuditIdentity;
import io.phiguard.audit.AuditJournal;
import io.phiguard.audit.AuditRecord;
import io.phiguard.audit.AuditSink;
import io.phiguard.audit.AuditSinkException;
import io.phiguard.audit.AuditUnavailableException;
import io.phiguard.audit.CheckpointKeys;
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
  private final AuditSink sink;
  private final Shipper shipper;
  private final String policyVersion;

  private AuditTrail(AuditJournal journal, AuditSink sink, Shipper shipper, String policyVersion) {
    this.journal = journal;
    this.sink = sink;
    this.shipper = shipper;
    this.policyVersion = policyVersion;
  }

  /**
   * The trail {@code policy}'s {@code audit:} settings describe, opened on first use. Relative
   * paths resolve against the policy file's directory.
   *
   * @throws SQLException {@code PH007} when the journal or store cannot be opened
   */
  static AuditTrail forPolicy(Policy policy) throws SQLException {
    AuditSettings settings = policy.audit();
    Path base = Path.of(policy.fileName()).toAbsolutePath().getParent();
    Path journalPath = base.resolve(settings.journal()).normalize();
    AuditTrail trail = TRAILS.get(journalPath);
    if (trail != null) {
      return trail;
    }
    synchronized (TRAILS) {
      trail = TRAILS.get(journalPath);
      if (trail == null) {
        trail = open(settings, journalPath, base, policy.policyVersion());
        TRAILS.put(journalPath, trail);
      }
      return trail;
    }
  }

  private static AuditTrail open(
      AuditSettings settings, Path journalPath, Path base, String policyVersion)
      throws SQLException {
    AuditJournal journal = null;
    try {
      Files.createDirectories(journalPath.getParent());
      KeyPair keys = checkpointKeys(journalPath);
      journal =
          AuditJournal.open(
              JournalOptions.builder(journalPath, new CheckpointSigner(keys))
                  .writerName("phiguard")
                  .durability(
                      settings.durability() == AuditSettings.Durability.FSYNC
                          ? Durability.FSYNC
                          : Durability.WRITE)
                  .build());
      AuditSink sink = sink(settings.store(), base);
      Shipper shipper =
          Shipper.create(
              ShipperOptions.builder(journalPath, sink)
                  .spool(settings.spool())
                  .backoff(RETRY_MIN, max(RETRY_MIN, settings.retryMax()))
                  .checkpointSource(journal)
                  .build());
      shipper.start();
      return new AuditTrail(journal, sink, shipper, policyVersion);
    } catch (AuditUnavailableException | AuditSinkException | IOException | RuntimeException e) {
      if (journal != null) {
        // release the writer lock: a later connection may find the store back and try again
        try {
          journal.close();
        } catch (AuditUnavailableException | RuntimeException ignored) {
          // the journal's records are already written
        }
      }
      throw PhiGuardErrors.of(
          SqlState.AUDIT_UNAVAILABLE,
          "the audit trail cannot be opened (journal "
              + journalPath
              + ": "
              + e.getClass().getSimpleName()
              + "); no statement runs without its audit record."
              + " Check audit.journal and audit.store in the policy file");
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * The checkpoint signing key beside the journal, created on first use. Keep a copy of the public
   * key elsewhere: whoever can rewrite both the journal and this key can forge checkpoints.
   */
  private static KeyPair checkpointKeys(Path journalPath) throws IOException {
    Path keyFile = journalPath.resolveSibling(journalPath.getFileName() + ".key");
    if (Files.exists(keyFile)) {
      return CheckpointKeys.readKeyPair(keyFile);
    }
    KeyPair keys = CheckpointKeys.generate();
    CheckpointKeys.writeKeyPair(keys, keyFile);
    return keys;
  }

  private static AuditSink sink(String store, Path base) throws AuditSinkException {
    if (store.startsWith("file:")) {
      return JsonLinesSink.open(base.resolve(store.substring("file:".length())).normalize());
    }
    String url = store;
    String h2File = "jdbc:h2:file:";
    if (url.startsWith(h2File) && url.startsWith(h2File + ".")) {
      // relative to the policy file, not to wherever the application was started
      String rest = url.substring(h2File.length());
      int settings = rest.indexOf(';');
      String path = settings < 0 ? rest : rest.substring(0, settings);
      url =
          h2File + base.resolve(path).normalize() + (settings < 0 ? "" : rest.substring(settings));
    }
    return JdbcSink.create(url, new Properties(), JdbcSink.DEFAULT_TABLE);
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
      // between batches, and an embedded store would otherwise stay open (and locked) until exit
      shipper.shipAvailable();
    } catch (AuditSinkException | IOException | RuntimeException e) {
      // the records stay in the journal; the next trail on it ships them
    }
    try {
      sink.close();
    } catch (AuditSinkException | RuntimeException e) {
      // nothing is lost by a sink that does not close cleanly
    }
  }

  @Override
  public void onDecision(GateRequest request, GateDecision decision) throws SQLException {
    if (!shipper.acceptsStatements()) {
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
    AuditRecord.Builder outcome =
        // linked to its DECISION record by the decision id, which carries SQL and fingerprint
        AuditRecord.builder(RecordKind.OUTCOME, Instant.now())
            .decisionId(Long.toString(decision.id()));
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
