package io.phiguard.rewrite;

import java.util.Set;

/**
 * One column of a statement's result (its select list or {@code RETURNING} list), with stars
 * expanded.
 *
 * @param label the column label as the database will report it (case as the dialect folds it), or
 *     null when the database chooses one (an unaliased expression)
 * @param lineage every catalog column whose value flows into this one
 * @param bare whether this column is exactly one catalog column, unchanged
 * @param opaque whether part of its value comes from a relation the analysis cannot see into (an
 *     unknown table or a table function)
 */
public record OutputColumn(String label, Set<ColumnRef> lineage, boolean bare, boolean opaque) {

  public OutputColumn {
    lineage = Set.copyOf(lineage);
  }
}
