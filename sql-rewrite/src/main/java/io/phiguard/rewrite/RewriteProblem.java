package io.phiguard.rewrite;

/**
 * Why a rewrite cannot be trusted: any problem means the statement must be denied for the identity
 * whose masks were applied. The detail names columns, tables or construct classes only, never SQL
 * text or literals.
 *
 * @param code what went wrong
 * @param detail the column, table or construct concerned
 */
public record RewriteProblem(Code code, String detail) {

  /** Kinds of rewrite problems, with stable reason codes for policy and audit. */
  public enum Code {
    /** The statement could not be parsed. */
    CANNOT_ANALYSE("cannot-analyse"),
    /** A construct was not walked or a name not resolved. */
    NOT_FULLY_ANALYSED("not-understood"),
    /** The server may read the text differently from the parser (executable comments). */
    PARSER_DIFFERENTIAL("parser-differential"),
    /** A protected table is referenced where no inline view can replace it. */
    UNMASKABLE_REFERENCE("unmaskable-reference"),
    /** A row-locking clause would not lock the rows of the inline view in this dialect. */
    LOCKING_CLAUSE("locking-clause"),
    /** A column masked after the query (hash, detect) is used other than projected bare. */
    POST_PROCESSED_IN_EXPRESSION("post-process-expression"),
    /** A RETURNING list computes over a masked column of the changed table. */
    RETURNING_EXPRESSION("returning-expression"),
    /** The rewritten text does not parse back to itself. */
    DEPARSE_UNSTABLE("deparse-unstable"),
    /**
     * A write of an {@code on-masked-write: keep} column that cannot be rewritten exactly (a value
     * other than a parameter, a literal or the proposed row's value; a statement that replaces
     * whole rows).
     */
    KEEP_NOT_REWRITABLE("keep-not-rewritable"),
    /**
     * A sanctioned {@code col = ?} predicate that cannot be turned into a test of the raw column
     * (reached through a derived table or CTE, a table without a single-column primary key, a
     * masked key).
     */
    RAW_EQUALITY_NOT_REWRITABLE("raw-equality-not-rewritable");

    private final String reason;

    Code(String reason) {
      this.reason = reason;
    }

    /** The stable reason code. */
    public String reason() {
      return reason;
    }
  }
}
