package io.phiguard.rewrite;

/**
 * One read of a catalog column, traced through aliases, derived tables and CTEs to its base table.
 *
 * @param column the base column
 * @param clause where it is read
 * @param bare whether the value is used as is, not inside an expression
 * @param equalityWithParameter whether the read is {@code column = ?} (a bound parameter), the
 *     shape a policy may sanction as a narrow oracle exception
 */
public record ColumnUse(
    ColumnRef column, Clause clause, boolean bare, boolean equalityWithParameter) {}
