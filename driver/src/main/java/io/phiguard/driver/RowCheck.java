package io.phiguard.driver;

import io.phiguard.policy.RowLimit;
import java.util.Objects;

/**
 * A statement's row count held to a {@code rows > N} rule.
 *
 * @param limit the rule and what the analysis knows of the statement
 * @param paramsDigest the digest of the values bound when it was estimated ({@link
 *     ParameterDigest}); null before
 * @param estimate the planner's row estimate with those values, or -1 when none was made (no
 *     planner estimate on this database, a value that cannot be bound twice, or EXPLAIN failed):
 *     the row cap alone applies then
 * @param seen whether {@code estimate} is what a read of the same statement and values was seen to
 *     return past the row cap, rather than the planner's estimate
 */
public record RowCheck(RowLimit limit, String paramsDigest, long estimate, boolean seen) {
  public RowCheck {
    Objects.requireNonNull(limit, "limit");
  }

  /** Not estimated yet. */
  static RowCheck of(RowLimit limit) {
    return new RowCheck(limit, null, -1, false);
  }
}
