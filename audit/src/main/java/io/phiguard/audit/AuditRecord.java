package io.phiguard.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One immutable entry of the audit trail: a decision, an outcome, a signed checkpoint or a recovery
 * marker.
 *
 * <p>By construction a record holds no PHI: there is no field for raw SQL, bound parameters or
 * result data. SQL arrives already normalized by the caller (literals replaced by placeholders),
 * error messages already redacted, and datasource URLs are stripped of credentials here.
 *
 * <p>Records are built with {@link #builder} as drafts; {@link AuditJournal#append} assigns writer,
 * {@code seq}, {@code prevHash} and {@code hash}. The encoding is {@link AuditRecordCodec}'s.
 */
public final class AuditRecord {
  private final RecordKind kind;
  private final Instant time;
  private final String writerId;
  private final long seq;
  private final String prevHash;
  private final String hash;
  private final AuditIdentity identity;
  private final String datasource;
  private final String dbUser;
  private final StatementClass statementClass;
  private final String normalizedSql;
  private final String fingerprint;
  private final List<String> tables;
  private final List<String> maskedColumns;
  private final AuditDecision decision;
  private final String rule;
  private final String policyVersion;
  private final String approvalId;
  private final List<String> approvers;
  private final Long rows;
  private final Long durationMicros;
  private final String sqlState;
  private final String message;
  private final String decisionId;
  private final Long coveredSeq;
  private final String coveredHash;
  private final String keyId;
  private final String signature;

  private AuditRecord(Builder b, String writerId, long seq, String prevHash, String hash) {
    this.kind = Objects.requireNonNull(b.kind, "kind");
    this.time = Objects.requireNonNull(b.time, "time");
    this.writerId = writerId;
    this.seq = seq;
    this.prevHash = prevHash;
    this.hash = hash;
    this.identity = b.identity;
    this.datasource = b.datasource;
    this.dbUser = b.dbUser;
    this.statementClass = b.statementClass;
    this.normalizedSql = b.normalizedSql;
    this.fingerprint = b.fingerprint;
    this.tables = List.copyOf(b.tables);
    this.maskedColumns = List.copyOf(b.maskedColumns);
    this.decision = b.decision;
    this.rule = b.rule;
    this.policyVersion = b.policyVersion;
    this.approvalId = b.approvalId;
    this.approvers = List.copyOf(b.approvers);
    this.rows = b.rows;
    this.durationMicros = b.durationMicros;
    this.sqlState = b.sqlState;
    this.message = b.message;
    this.decisionId = b.decisionId;
    this.coveredSeq = b.coveredSeq;
    this.coveredHash = b.coveredHash;
    this.keyId = b.keyId;
    this.signature = b.signature;
  }

  /** Starts a draft record of the given kind at the given time. */
  public static Builder builder(RecordKind kind, Instant time) {
    return new Builder(kind, time);
  }

  /** This record placed in a chain: the hash is computed here. */
  AuditRecord chained(String writerId, long seq, String prevHash) {
    AuditRecord unhashed = new AuditRecord(toBuilder(), writerId, seq, prevHash, null);
    return new AuditRecord(toBuilder(), writerId, seq, prevHash, HashChain.hash(unhashed));
  }

  /** Rebuilds a record read back from its encoding, with its stored chain fields. */
  static AuditRecord restored(Builder b, String writerId, long seq, String prevHash, String hash) {
    return new AuditRecord(b, writerId, seq, prevHash, hash);
  }

  /** A builder holding this record's content fields (not its chain fields). */
  public Builder toBuilder() {
    Builder b = new Builder(kind, time);
    b.identity = identity;
    b.datasource = datasource;
    b.dbUser = dbUser;
    b.statementClass = statementClass;
    b.normalizedSql = normalizedSql;
    b.fingerprint = fingerprint;
    b.tables = tables;
    b.maskedColumns = maskedColumns;
    b.decision = decision;
    b.rule = rule;
    b.policyVersion = policyVersion;
    b.approvalId = approvalId;
    b.approvers = approvers;
    b.rows = rows;
    b.durationMicros = durationMicros;
    b.sqlState = sqlState;
    b.message = message;
    b.decisionId = decisionId;
    b.coveredSeq = coveredSeq;
    b.coveredHash = coveredHash;
    b.keyId = keyId;
    b.signature = signature;
    return b;
  }

  public RecordKind kind() {
    return kind;
  }

  public Instant time() {
    return time;
  }

  /** The journal that wrote this record; null on a draft. */
  public String writerId() {
    return writerId;
  }

  /** Position in the writer's chain, from 1; 0 on a draft. */
  public long seq() {
    return seq;
  }

  /** Hex SHA-256 of the previous record ({@link HashChain#GENESIS} for seq 1); null on a draft. */
  public String prevHash() {
    return prevHash;
  }

  /** Hex SHA-256 of this record in the chain; null on a draft. */
  public String hash() {
    return hash;
  }

  /** Null for checkpoints and recovery markers. */
  public AuditIdentity identity() {
    return identity;
  }

  /** JDBC URL without credentials. */
  public String datasource() {
    return datasource;
  }

  public String dbUser() {
    return dbUser;
  }

  public StatementClass statementClass() {
    return statementClass;
  }

  /** The statement with literals removed, as the caller normalized it. */
  public String normalizedSql() {
    return normalizedSql;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public List<String> tables() {
    return tables;
  }

  public List<String> maskedColumns() {
    return maskedColumns;
  }

  public AuditDecision decision() {
    return decision;
  }

  public String rule() {
    return rule;
  }

  public String policyVersion() {
    return policyVersion;
  }

  public String approvalId() {
    return approvalId;
  }

  public List<String> approvers() {
    return approvers;
  }

  /** Rows read or affected (outcome records). */
  public Long rows() {
    return rows;
  }

  public Long durationMicros() {
    return durationMicros;
  }

  /** SQLState of a failed statement (outcome records). */
  public String sqlState() {
    return sqlState;
  }

  /** A redacted message (outcome records) or a note (recovery markers); never vendor text. */
  public String message() {
    return message;
  }

  /** Links an outcome to its decision. */
  public String decisionId() {
    return decisionId;
  }

  /** Checkpoints: the seq of the record they sign (the one just before them). */
  public Long coveredSeq() {
    return coveredSeq;
  }

  /** Checkpoints: the hash of the record they sign. */
  public String coveredHash() {
    return coveredHash;
  }

  /** Checkpoints: identifies the signing key (hex SHA-256 prefix of its public key). */
  public String keyId() {
    return keyId;
  }

  /** Checkpoints: base64 Ed25519 signature, see {@link CheckpointSigner}. */
  public String signature() {
    return signature;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditRecord r
        && AuditRecordCodec.toJson(this).equals(AuditRecordCodec.toJson(r));
  }

  @Override
  public int hashCode() {
    return AuditRecordCodec.toJson(this).hashCode();
  }

  /** Names the record only: no SQL, identity or message. */
  @Override
  public String toString() {
    return "AuditRecord["
        + kind
        + (writerId == null ? " draft" : " " + writerId + "#" + seq)
        + (decisionId == null ? "" : " decision " + decisionId)
        + "]";
  }

  /** A mutable draft; {@link #build} makes the immutable record. */
  public static final class Builder {
    private final RecordKind kind;
    private final Instant time;
    private AuditIdentity identity;
    private String datasource;
    private String dbUser;
    private StatementClass statementClass;
    private String normalizedSql;
    private String fingerprint;
    private List<String> tables = List.of();
    private List<String> maskedColumns = List.of();
    private AuditDecision decision;
    private String rule;
    private String policyVersion;
    private String approvalId;
    private List<String> approvers = List.of();
    private Long rows;
    private Long durationMicros;
    private String sqlState;
    private String message;
    private String decisionId;
    private Long coveredSeq;
    private String coveredHash;
    private String keyId;
    private String signature;

    private Builder(RecordKind kind, Instant time) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.time = Objects.requireNonNull(time, "time");
    }

    public Builder identity(AuditIdentity identity) {
      this.identity = identity;
      return this;
    }

    /** Credentials are removed here, whatever the caller passes. */
    public Builder datasource(String jdbcUrl) {
      this.datasource = DatasourceUrls.withoutCredentials(jdbcUrl);
      return this;
    }

    public Builder dbUser(String dbUser) {
      this.dbUser = dbUser;
      return this;
    }

    public Builder statementClass(StatementClass statementClass) {
      this.statementClass = statementClass;
      return this;
    }

    /** The statement with its literals already removed by the caller. */
    public Builder normalizedSql(String normalizedSql) {
      this.normalizedSql = normalizedSql;
      return this;
    }

    public Builder fingerprint(String fingerprint) {
      this.fingerprint = fingerprint;
      return this;
    }

    public Builder tables(List<String> tables) {
      this.tables = tables == null ? List.of() : List.copyOf(tables);
      return this;
    }

    public Builder maskedColumns(List<String> maskedColumns) {
      this.maskedColumns = maskedColumns == null ? List.of() : List.copyOf(maskedColumns);
      return this;
    }

    public Builder decision(AuditDecision decision) {
      this.decision = decision;
      return this;
    }

    public Builder rule(String rule) {
      this.rule = rule;
      return this;
    }

    public Builder policyVersion(String policyVersion) {
      this.policyVersion = policyVersion;
      return this;
    }

    public Builder approval(String approvalId, List<String> approvers) {
      this.approvalId = approvalId;
      this.approvers = approvers == null ? List.of() : List.copyOf(approvers);
      return this;
    }

    public Builder rows(Long rows) {
      this.rows = rows;
      return this;
    }

    public Builder durationMicros(Long durationMicros) {
      this.durationMicros = durationMicros;
      return this;
    }

    public Builder sqlState(String sqlState) {
      this.sqlState = sqlState;
      return this;
    }

    /** A message already redacted by the caller (never vendor text). */
    public Builder message(String redactedMessage) {
      this.message = redactedMessage;
      return this;
    }

    public Builder decisionId(String decisionId) {
      this.decisionId = decisionId;
      return this;
    }

    /** Restores a stored datasource as written (it was cleaned then). */
    Builder rawDatasource(String datasource) {
      this.datasource = datasource;
      return this;
    }

    Builder checkpoint(long coveredSeq, String coveredHash, String keyId, String signature) {
      this.coveredSeq = coveredSeq;
      this.coveredHash = coveredHash;
      this.keyId = keyId;
      this.signature = signature;
      return this;
    }

    /** The draft record (no writer, seq 0, no hashes). */
    public AuditRecord build() {
      if (kind == RecordKind.CHECKPOINT && signature == null) {
        throw new IllegalStateException("checkpoints are written by the journal, not by callers");
      }
      return new AuditRecord(this, null, 0, null, null);
    }
  }
}
