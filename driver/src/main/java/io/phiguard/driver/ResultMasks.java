package io.phiguard.driver;

import io.phiguard.policy.MaskSet;
import io.phiguard.policy.MaskSpec;
import io.phiguard.policy.ProtectedColumn;
import io.phiguard.policy.Pseudonymizer;
import io.phiguard.policy.detect.PhiDetectors;
import io.phiguard.rewrite.Mask;
import io.phiguard.rewrite.PostProcessColumn;
import java.util.List;
import java.util.Optional;

/**
 * What the result sets of one decision must do in Java: the columns whose raw values the rewritten
 * statement returns on purpose ({@code hash}, {@code detect}), and, for a masked identity, the
 * protected columns to look for in the result's metadata (ARCHITECTURE "verify on the way out"): a
 * result column whose base is one of them and that the SQL did not mask is a lineage miss, masked
 * here and reported.
 */
public final class ResultMasks {

  /** Nothing to mask or verify: statements that run as written. */
  public static final ResultMasks NONE = new ResultMasks(List.of(), null, null, null);

  private final List<PostProcessColumn> postProcess;
  private final MaskSet maskSet;
  private final Pseudonymizer pseudonymizer;
  private final PhiDetectors detectors;

  ResultMasks(
      List<PostProcessColumn> postProcess,
      MaskSet maskSet,
      Pseudonymizer pseudonymizer,
      PhiDetectors detectors) {
    this.postProcess = List.copyOf(postProcess);
    this.maskSet = maskSet;
    this.pseudonymizer = pseudonymizer;
    this.detectors = detectors;
  }

  /** The result columns (of the statement's first result set) the driver masks itself. */
  public List<PostProcessColumn> postProcess() {
    return postProcess;
  }

  /** Whether the result's columns are checked against their base tables. */
  public boolean verifiesLineage() {
    return maskSet != null;
  }

  /** Whether a result set needs any work: post-processing or verification. */
  public boolean active() {
    return !postProcess.isEmpty() || verifiesLineage();
  }

  /**
   * The mask of {@code schema.table.column} as the database reports a result column's base, if it
   * is a protected column masked for this identity ({@code schema} null or empty: unknown).
   */
  public Optional<Mask> protectedMask(String schema, String table, String column) {
    if (maskSet == null || table == null || table.isEmpty() || column == null) {
      return Optional.empty();
    }
    String s = schema == null || schema.isEmpty() ? null : schema;
    for (ProtectedColumn rule : maskSet.columnsToMask(s, table)) {
      if (rule.matches(column)) {
        return Optional.of(toMask(rule.mask()));
      }
    }
    return Optional.empty();
  }

  /**
   * The keyed pseudonymizer of the policy's {@code hash-key}; empty when the policy has none or it
   * cannot be read (a post-processed hash column then never reaches a result set: the gate refuses
   * the statement).
   */
  public Optional<Pseudonymizer> pseudonymizer() {
    return Optional.ofNullable(pseudonymizer);
  }

  /** The policy's PHI detectors. */
  public PhiDetectors detectors() {
    return detectors == null ? PhiDetectors.defaults() : detectors;
  }

  private static Mask toMask(MaskSpec spec) {
    return switch (spec.function()) {
      case REDACT -> Mask.redact();
      case NULL -> Mask.nullify();
      case PARTIAL -> Mask.partial(spec.keepFirst(), spec.keepLast(), spec.fill());
      case EMAIL -> Mask.email();
      case YEAR -> Mask.year();
      case ZIP3 -> Mask.zip3();
      case HASH -> Mask.hash();
      case DETECT -> Mask.detect();
    };
  }

  @Override
  public String toString() {
    return "ResultMasks["
        + postProcess.size()
        + " post-processed, verify="
        + verifiesLineage()
        + "]";
  }
}
