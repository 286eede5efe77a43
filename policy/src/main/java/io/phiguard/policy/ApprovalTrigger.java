package io.phiguard.policy;

import java.util.Objects;

/**
 * What makes a statement need approval: the {@code when:} of an approval rule.
 *
 * @param kind the class of statement
 * @param rowThreshold for {@link Kind#ROWS}: the estimated or counted row count above which the
 *     rule applies ({@code rows > N}); 0 otherwise
 */
public record ApprovalTrigger(Kind kind, long rowThreshold) {

  /** Classes of statement, the same the audit records use. */
  public enum Kind {
    /** {@code ddl}: CREATE, ALTER, DROP, TRUNCATE … */
    DDL,
    /** {@code role}: GRANT, REVOKE, ALTER ROLE … */
    ROLE,
    /**
     * {@code export}: copying protected data anywhere (INSERT … SELECT, CREATE TABLE AS, COPY …).
     */
    EXPORT,
    /** {@code unbounded-write}: UPDATE/DELETE without WHERE or above an estimated row count. */
    UNBOUNDED_WRITE,
    /** {@code rows > N}: reads whose estimate exceeds N, and the runtime row cap at N. */
    ROWS
  }

  /** The forms {@code when:} accepts, for messages. */
  static final String USAGE = "ddl | role | export | unbounded-write | rows > N";

  public ApprovalTrigger {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.ROWS ? rowThreshold < 0 : rowThreshold != 0) {
      throw new IllegalArgumentException("only 'rows > N' has a threshold, and N >= 0");
    }
  }

  /** A trigger without threshold. */
  public static ApprovalTrigger of(Kind kind) {
    return new ApprovalTrigger(kind, 0);
  }

  /** {@code rows > threshold}. */
  public static ApprovalTrigger rowsAbove(long threshold) {
    return new ApprovalTrigger(Kind.ROWS, threshold);
  }

  /** As written in the policy file, e.g. {@code rows > 1000}. */
  @Override
  public String toString() {
    return switch (kind) {
      case DDL -> "ddl";
      case ROLE -> "role";
      case EXPORT -> "export";
      case UNBOUNDED_WRITE -> "unbounded-write";
      case ROWS -> "rows > " + rowThreshold;
    };
  }
}
