package io.phiguard.policy;

import io.phiguard.rewrite.ColumnRef;
import io.phiguard.rewrite.ParameterMap;
import io.phiguard.rewrite.PostProcessColumn;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the policy decided for one statement and one identity.
 *
 * @param kind allow, mask, or why not
 * @param sql for {@link Kind#MASK}, the rewritten statement to run instead; otherwise null
 * @param rule the rule that decided ({@code protect:patients.ssn}, with its file location), or
 *     empty
 * @param reason what happened and what to do; never SQL text or values
 * @param maskedColumns the protected columns of the tables the statement touches, masked for this
 *     identity
 * @param parameters where each of the caller's {@code ?} goes in {@link #sql()}: a keep rewrite
 *     repeats parameters ({@code on-masked-write: keep})
 * @param postProcess the columns of the statement's (single) result that carry a raw value the
 *     driver must mask itself ({@code hash}, {@code detect}); empty when none
 * @param rowLimit for a statement that runs: the {@code rows > N} approval rule its row count is
 *     held to (planner estimate before it runs, row cap while it is read), or null
 */
public record Verdict(
    Kind kind,
    String sql,
    String rule,
    String reason,
    Set<ColumnRef> maskedColumns,
    ParameterMap parameters,
    List<PostProcessColumn> postProcess,
    RowLimit rowLimit) {

  /** The kinds of verdict. */
  public enum Kind {
    /** Run the statement as the application wrote it. */
    ALLOW,
    /** Run {@link #sql()} instead: protected tables replaced by masking views. */
    MASK,
    /** Denied by policy. */
    DENY,
    /** The statement needs analysis PhiGuard cannot do; denied. */
    CANNOT_ANALYSE,
    /** Protected data without an identity; denied. */
    NO_IDENTITY,
    /**
     * Needs a human's approval under the rule {@link #rule()} first; once approved, {@link #sql()}
     * runs when not null (masked), else the statement as written.
     */
    NEEDS_APPROVAL
  }

  public Verdict {
    Objects.requireNonNull(rule, "rule");
    maskedColumns = Set.copyOf(maskedColumns);
    Objects.requireNonNull(parameters, "parameters");
    postProcess = List.copyOf(postProcess);
  }

  /** A verdict without row limit. */
  public Verdict(
      Kind kind,
      String sql,
      String rule,
      String reason,
      Set<ColumnRef> maskedColumns,
      ParameterMap parameters,
      List<PostProcessColumn> postProcess) {
    this(kind, sql, rule, reason, maskedColumns, parameters, postProcess, null);
  }

  /** This verdict under another rule name, everything else kept. */
  Verdict withRule(String newRule) {
    return new Verdict(
        kind, sql, newRule, reason, maskedColumns, parameters, postProcess, rowLimit);
  }

  /** This verdict held to {@code limit}. */
  Verdict withRowLimit(RowLimit limit) {
    return new Verdict(kind, sql, rule, reason, maskedColumns, parameters, postProcess, limit);
  }

  /** A verdict whose SQL takes the caller's parameters in place and needs no driver masking. */
  public Verdict(Kind kind, String sql, String rule, String reason, Set<ColumnRef> maskedColumns) {
    this(kind, sql, rule, reason, maskedColumns, ParameterMap.identity(), List.of());
  }

  static Verdict allow() {
    return new Verdict(Kind.ALLOW, null, "", "", Set.of());
  }

  static Verdict deny(Kind kind, String rule, String reason) {
    return new Verdict(kind, null, rule, reason, Set.of());
  }

  /** Whether the statement may run (as written or rewritten). */
  public boolean runs() {
    return kind == Kind.ALLOW || kind == Kind.MASK;
  }

  /** The rule prefix of a verdict for an identity exempt from an approval rule. */
  public static final String EXEMPT_PREFIX = "approval-exempt:";

  /** The approval rule the identity is exempt from, when this verdict ran under an exemption. */
  public String exemptedFrom() {
    for (String part : rule.split(";")) {
      if (part.startsWith(EXEMPT_PREFIX)) {
        return part.substring(EXEMPT_PREFIX.length());
      }
    }
    return "";
  }
}
