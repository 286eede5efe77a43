package io.phiguard.rewrite;

/** Where in a statement a column is read. */
public enum Clause {
  /** A select list or a {@code RETURNING} list: the value is produced. */
  OUTPUT,
  WHERE,
  /** A join condition ({@code ON}, {@code USING}, {@code NATURAL}). */
  JOIN,
  GROUP_BY,
  HAVING,
  ORDER_BY,
  /** {@code OVER (PARTITION BY … ORDER BY …)}, {@code WINDOW}, {@code DISTINCT ON}. */
  WINDOW,
  /**
   * The {@code WHERE} of an UPDATE or DELETE, and a MERGE's {@code ON}: decides which rows change.
   */
  DML_WHERE,
  /** A value written: {@code SET x = …}, {@code VALUES (…)}, an INSERT's query. */
  ASSIGNMENT,
  /**
   * {@code LIMIT}, {@code OFFSET}, {@code FETCH}, a function's {@code FILTER}, and other clauses.
   */
  OTHER;

  /** Whether a read here decides which rows or in what order they return: an oracle. */
  public boolean isPredicate() {
    return this != OUTPUT && this != ASSIGNMENT;
  }
}
