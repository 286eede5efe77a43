package io.phiguard.rewrite;

import java.util.List;
import java.util.Set;

/**
 * The SQL to send for one identity's masks, and what the driver must know about it.
 *
 * @param sql the deparsed, rewritten statement; this, never the original text, is what runs
 * @param changed whether any table reference was replaced or RETURNING item masked
 * @param maskedColumns masked columns (computed in SQL) whose values reach the result
 * @param postProcess result columns the driver must mask itself
 * @param problems reasons to deny; empty when the rewrite is sound
 * @param warnings notes for the audit (e.g. a mask not applicable to a column type, replaced by
 *     NULL)
 * @param keptColumns masked columns written under {@code on-masked-write: keep}: their stored value
 *     is kept where the written value is its masked rendering
 * @param parameters where each of the caller's parameters goes in {@link #sql()}
 */
public record RewriteResult(
    String sql,
    boolean changed,
    Set<ColumnRef> maskedColumns,
    List<PostProcessColumn> postProcess,
    List<RewriteProblem> problems,
    List<String> warnings,
    Set<ColumnRef> keptColumns,
    ParameterMap parameters) {

  public RewriteResult {
    keptColumns = Set.copyOf(keptColumns);
    java.util.Objects.requireNonNull(parameters, "parameters");
    maskedColumns = Set.copyOf(maskedColumns);
    postProcess = List.copyOf(postProcess);
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  /** Whether the rewrite may be executed. */
  public boolean sound() {
    return problems.isEmpty();
  }
}
