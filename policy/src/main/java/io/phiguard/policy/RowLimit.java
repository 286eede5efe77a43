package io.phiguard.policy;

import java.util.Objects;

/**
 * A {@code rows > N} approval rule applied to one statement: the driver asks the planner how many
 * rows it expects (when {@link #estimable()}) and holds the statement for approval above {@code N},
 * and otherwise stops reading its result at row {@code N + 1}.
 *
 * @param rule the rule, whose trigger carries {@code N}
 * @param estimable whether the statement is one {@code SELECT}, {@code UPDATE} or {@code DELETE}
 *     the planner can estimate; otherwise only the row cap applies
 * @param resultLimit the statement's own outermost {@code LIMIT}/{@code FETCH FIRST} literal, or -1
 * @param aggregates whether it calls an aggregate function (MySQL and MariaDB estimate the rows an
 *     aggregate examines, not the rows it returns)
 */
public record RowLimit(ApprovalRule rule, boolean estimable, long resultLimit, boolean aggregates) {

  public RowLimit {
    Objects.requireNonNull(rule, "rule");
    if (rule.trigger().kind() != ApprovalTrigger.Kind.ROWS) {
      throw new IllegalArgumentException("a row limit needs a 'rows > N' rule");
    }
  }

  /** N: the most rows the statement may return or change without approval. */
  public long threshold() {
    return rule.trigger().rowThreshold();
  }
}
