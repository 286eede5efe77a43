package io.phiguard.rewrite;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a value comes from: the catalog columns that flow into it, whether it is exactly one of
 * them unchanged ({@code bare}), and whether part of it comes from a relation the analysis cannot
 * see into ({@code opaque}).
 */
record Lineage(Set<ColumnRef> columns, boolean bare, boolean opaque) {

  static final Lineage NONE = new Lineage(Set.of(), false, false);
  static final Lineage OPAQUE = new Lineage(Set.of(), false, true);

  Lineage {
    columns = Set.copyOf(columns);
  }

  static Lineage of(ColumnRef column) {
    return new Lineage(Set.of(column), true, false);
  }

  /** The same sources, no longer a bare column: the value went through an expression. */
  Lineage derived() {
    return bare ? new Lineage(columns, false, opaque) : this;
  }

  Lineage union(Lineage other) {
    if (other.columns.isEmpty() && !other.opaque) {
      return derived();
    }
    if (columns.isEmpty() && !opaque) {
      return other.derived();
    }
    Set<ColumnRef> all = new TreeSet<>(columns);
    all.addAll(other.columns);
    return new Lineage(all, false, opaque || other.opaque);
  }

  /** The union of several lineages; a single one keeps its bareness. */
  static Lineage unionAll(Collection<Lineage> lineages) {
    if (lineages.size() == 1) {
      return lineages.iterator().next();
    }
    Lineage result = NONE;
    for (Lineage lineage : lineages) {
      result = result.union(lineage);
    }
    return result;
  }

  /** Positional merge of set-operation branches: bare only when every branch is the same column. */
  Lineage merge(Lineage other) {
    if (bare && other.bare && columns.equals(other.columns)) {
      return this;
    }
    return union(other).derived();
  }

  OutputColumn toOutput(String label) {
    return new OutputColumn(label, columns, bare, opaque);
  }
}
