package io.phiguard.rewrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names visible at one query level: its FROM relations, the CTEs in force, its output columns
 * (for ORDER BY and GROUP BY aliases and ordinals), and the enclosing level for correlated
 * references.
 */
final class Scope {

  final Scope parent;
  final List<Relation> relations = new ArrayList<>();
  private final Map<String, List<Relation.Col>> ctes = new HashMap<>();
  List<Relation.Col> outputs = List.of();

  Scope(Scope parent) {
    this.parent = parent;
  }

  void defineCte(String key, List<Relation.Col> columns) {
    ctes.put(key, columns);
  }

  /** The columns of a CTE visible here, or null. */
  List<Relation.Col> cte(String key) {
    for (Scope scope = this; scope != null; scope = scope.parent) {
      List<Relation.Col> columns = scope.ctes.get(key);
      if (columns != null) {
        return columns;
      }
    }
    return null;
  }

  /** The relation a qualifier names at this level only. */
  Relation relation(String schemaKey, String tableKey) {
    for (Relation relation : relations) {
      if (!relation.aliasKey.equals(tableKey)) {
        continue;
      }
      if (schemaKey == null || schemaKey.equals(relation.schemaKey)) {
        return relation;
      }
    }
    return null;
  }

  Relation.Col output(String key) {
    for (Relation.Col output : outputs) {
      if (key.equals(output.key())) {
        return output;
      }
    }
    return null;
  }
}
