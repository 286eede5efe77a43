package io.phiguard.rewrite;

import net.sf.jsqlparser.expression.operators.relational.EqualsTo;

/**
 * A {@code col = ?} (or {@code ? = col}) in a positive position of a row-choosing condition, which
 * a policy may let a masked identity test against the raw column.
 *
 * @param node the equality in the parsed tree
 * @param columnLeft whether the column is the left operand
 * @param column the catalog column it tests
 * @param binding the table reference the column is read from directly, or null when it comes
 *     through a derived table, a CTE or a merged column
 */
record RawEquality(EqualsTo node, boolean columnLeft, ColumnRef column, TableBinding binding) {}
