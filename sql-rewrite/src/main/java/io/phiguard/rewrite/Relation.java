package io.phiguard.rewrite;

import java.util.List;
import java.util.Set;

/**
 * A row source in a FROM scope: a catalog table, a derived table, a CTE, a table function or an
 * unknown relation, under the name queries use to qualify its columns.
 */
final class Relation {

  /** One column of a relation, by label and match key. */
  record Col(String label, String key, Lineage lineage) {}

  final String aliasKey;
  final String schemaKey;
  final boolean aliased;
  final List<Col> columns;
  final boolean opaque;
  final Lineage opaqueLineage;
  final TableBinding binding;

  /** Keys of columns merged by USING/NATURAL into an earlier relation: starred once, not twice. */
  Set<String> mergedKeys = Set.of();

  Relation(
      String aliasKey,
      String schemaKey,
      boolean aliased,
      List<Col> columns,
      boolean opaque,
      Lineage opaqueLineage,
      TableBinding binding) {
    this.aliasKey = aliasKey;
    this.schemaKey = schemaKey;
    this.aliased = aliased;
    this.columns = List.copyOf(columns);
    this.opaque = opaque;
    this.opaqueLineage = opaqueLineage;
    this.binding = binding;
  }

  Col column(String key) {
    for (Col column : columns) {
      if (column.key().equals(key)) {
        return column;
      }
    }
    return null;
  }

  /**
   * A whole-row reference ({@code SELECT p FROM patients p}): every column, through expressions.
   */
  Lineage wholeRow() {
    Lineage result = opaque ? opaqueLineage.union(Lineage.OPAQUE) : Lineage.NONE;
    for (Col column : columns) {
      result = result.union(column.lineage());
    }
    return result.derived();
  }
}
