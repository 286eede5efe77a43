package io.phiguard.policy;

import io.phiguard.policy.detect.PhiDetectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded {@code phiguard.yaml}: what is protected, who may see it raw, which statements wait for
 * approval and where audit records go. Immutable; obtain one from {@link PolicyLoader}.
 *
 * <p>{@link #policyVersion()} fingerprints the content for audit records; see {@link
 * PolicyFingerprint} for what counts as content.
 */
public final class Policy {

  /** Whether the policy is enforced or only reported. */
  public enum Mode {
    /** Decisions are enforced (default). */
    ENFORCE,
    /** Everything is evaluated and audited, nothing is enforced: for rollout. Loudly logged. */
    REPORT;

    /** The name as written in the policy file. */
    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The only file format version this code reads. */
  public static final int CURRENT_VERSION = 1;

  private final String fileName;
  private final int version;
  private final Mode mode;
  private final List<ProtectedTable> protect;
  private final List<UnmaskRule> unmask;
  private final Optional<SecretRef> hashKey;
  private final CallAllowList allow;
  private final AuditSettings audit;
  private final ApprovalSettings approvals;
  private final List<String> mrnPatterns;
  private final PhiDetectors detectors;
  private final String policyVersion;

  Policy(
      String fileName,
      int version,
      Mode mode,
      List<ProtectedTable> protect,
      List<UnmaskRule> unmask,
      Optional<SecretRef> hashKey,
      CallAllowList allow,
      AuditSettings audit,
      ApprovalSettings approvals,
      List<String> mrnPatterns) {
    this.fileName = Objects.requireNonNull(fileName, "fileName");
    this.version = version;
    this.mode = Objects.requireNonNull(mode, "mode");
    this.protect = List.copyOf(protect);
    this.unmask = List.copyOf(unmask);
    this.hashKey = Objects.requireNonNull(hashKey, "hashKey");
    this.allow = Objects.requireNonNull(allow, "allow");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.approvals = Objects.requireNonNull(approvals, "approvals");
    this.mrnPatterns = List.copyOf(mrnPatterns);
    this.detectors = PhiDetectors.withMrnPatterns(this.mrnPatterns);
    this.policyVersion = PolicyFingerprint.of(this);
  }

  /** The file name the policy was loaded from, as given to the loader. */
  public String fileName() {
    return fileName;
  }

  /** The file format version ({@value #CURRENT_VERSION}). */
  public int version() {
    return version;
  }

  /** Enforce or only report. */
  public Mode mode() {
    return mode;
  }

  /** The protected tables, in file order. */
  public List<ProtectedTable> protect() {
    return protect;
  }

  /** The unmask rules, in file order. */
  public List<UnmaskRule> unmask() {
    return unmask;
  }

  /**
   * Where the key of the {@code hash} mask is kept; present whenever a column uses {@code hash}.
   */
  public Optional<SecretRef> hashKey() {
    return hashKey;
  }

  /**
   * The MRN patterns of {@code detect.mrn} (Java regular expressions), or the default {@link
   * PhiDetectors#DEFAULT_MRN_PATTERN} when the policy names none.
   */
  public List<String> mrnPatterns() {
    return mrnPatterns;
  }

  /** The PHI detectors the {@code detect} mask runs, with this policy's MRN patterns. */
  public PhiDetectors detectors() {
    return detectors;
  }

  /** Functions and routines identities seeing masked values may call. */
  public CallAllowList allow() {
    return allow;
  }

  /** Audit settings. */
  public AuditSettings audit() {
    return audit;
  }

  /** Approval settings. */
  public ApprovalSettings approvals() {
    return approvals;
  }

  /**
   * A fingerprint of the policy's content, {@code sha256:<64 hex digits>}, recorded with every
   * audit record and part of the decision cache key. Equal for files that differ only in
   * formatting.
   */
  public String policyVersion() {
    return policyVersion;
  }

  /** The protected-table entries that cover {@code schema.table} ({@code schema} null: unknown). */
  public List<ProtectedTable> protectedTables(String schema, String table) {
    List<ProtectedTable> found = new ArrayList<>();
    for (ProtectedTable t : protect) {
      if (t.matches(schema, table)) {
        found.add(t);
      }
    }
    return found;
  }

  /** Which protected tables {@code identity} sees masked; compute once per identity and reuse. */
  public MaskSet maskSetFor(Identity identity) {
    return MaskSet.of(this, identity);
  }

  /**
   * The protected columns of {@code schema.table} that must be masked for {@code identity}; empty
   * if the table is not protected or an unmask rule covers it.
   */
  public List<ProtectedColumn> columnsToMask(Identity identity, String schema, String table) {
    return maskSetFor(identity).columnsToMask(schema, table);
  }

  /** Names the file, mode, counts and fingerprint; never a secret. */
  @Override
  public String toString() {
    return "Policy["
        + fileName
        + ", "
        + mode.yamlName()
        + ", "
        + protect.size()
        + " protected tables, "
        + unmask.size()
        + " unmask rules, "
        + approvals.rules().size()
        + " approval rules, "
        + policyVersion
        + "]";
  }
}
