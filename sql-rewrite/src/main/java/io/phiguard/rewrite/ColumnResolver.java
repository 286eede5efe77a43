package io.phiguard.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * Resolves a column reference against the scopes in force: qualified by alias, table name or
 * schema-qualified table name; unqualified through the FROM relations, output aliases (ORDER BY,
 * GROUP BY, HAVING), enclosing levels (correlation) and whole-row references ({@code SELECT p FROM
 * patients p}).
 */
final class ColumnResolver {

  /** Names that parse as columns but are functions of the session, not of any row. */
  private static final Set<String> PSEUDO_COLUMNS =
      Set.of(
          "current_user",
          "session_user",
          "user",
          "current_role",
          "current_schema",
          "current_catalog",
          "localtime",
          "localtimestamp",
          "sysdate",
          "systimestamp",
          "rownum");

  private final FactsCollector facts;

  ColumnResolver(FactsCollector facts) {
    this.facts = facts;
  }

  Lineage resolve(Column column, Scope scope, Clause clause, boolean top, boolean eqParam) {
    facts.reach(column);
    Table qualifier = column.getTable();
    facts.reach(qualifier);
    String name = column.getColumnName();
    Lineage lineage;
    if (qualifier == null || qualifier.getName() == null) {
      lineage = unqualified(name, scope, clause);
    } else {
      lineage = qualified(column, qualifier, scope);
    }
    if (lineage == null) {
      if (qualifier == null || qualifier.getName() == null) {
        if (PSEUDO_COLUMNS.contains(Identifier.of(name).text().toLowerCase(Locale.ROOT))) {
          return Lineage.NONE;
        }
      }
      facts.notUnderstood("unresolved-column");
      return Lineage.OPAQUE;
    }
    // a whole-row or merged reference is not one column: never a sanctionable equality
    facts.use(lineage, clause, top, eqParam && lineage.bare() && lineage.columns().size() == 1);
    return lineage;
  }

  /**
   * The catalog table reference {@code column} reads directly (not through a derived table, CTE or
   * merged USING column), or null.
   */
  TableBinding bindingOf(Column column, Scope scope) {
    Table qualifier = column.getTable();
    String key = facts.columnKey(column.getColumnName());
    if (qualifier != null && qualifier.getName() != null) {
      String tableKey = facts.tableKey(qualifier.getName());
      String schemaKey =
          qualifier.getSchemaName() == null ? null : facts.tableKey(qualifier.getSchemaName());
      for (Scope level = scope; level != null; level = level.parent) {
        Relation relation = level.relation(schemaKey, tableKey);
        if (relation != null) {
          return relation.column(key) != null ? relation.binding : null;
        }
      }
      return null;
    }
    for (Scope level = scope; level != null; level = level.parent) {
      List<Relation> hits = new ArrayList<>();
      for (Relation relation : level.relations) {
        if (relation.column(key) != null) {
          hits.add(relation);
        } else if (relation.opaque) {
          return null;
        }
      }
      if (!hits.isEmpty()) {
        return hits.size() == 1 ? hits.get(0).binding : null;
      }
    }
    return null;
  }

  private Lineage unqualified(String name, Scope scope, Clause clause) {
    String key = facts.columnKey(name);
    boolean outputsVisible =
        clause == Clause.ORDER_BY || clause == Clause.GROUP_BY || clause == Clause.HAVING;
    for (Scope level = scope; level != null; level = level.parent) {
      List<Lineage> hits = new ArrayList<>();
      if (outputsVisible && level == scope) {
        Relation.Col output = level.output(key);
        if (output != null) {
          hits.add(output.lineage());
        }
      }
      Lineage opaque = null;
      for (Relation relation : level.relations) {
        Relation.Col col = relation.column(key);
        if (col != null) {
          hits.add(col.lineage());
        } else if (relation.opaque) {
          opaque = relation.opaqueLineage.union(Lineage.OPAQUE);
        }
      }
      if (!hits.isEmpty()) {
        // several hits: USING-merged columns (or an ambiguity the database rejects); union is safe
        return hits.size() == 1 ? hits.get(0) : Lineage.unionAll(hits).derived();
      }
      if (opaque != null) {
        return opaque;
      }
      Relation whole = level.relation(null, facts.tableKey(name));
      if (whole != null) {
        return whole.wholeRow();
      }
    }
    return null;
  }

  private Lineage qualified(Column column, Table qualifier, Scope scope) {
    String tableKey = facts.tableKey(qualifier.getName());
    String schemaKey =
        qualifier.getSchemaName() == null ? null : facts.tableKey(qualifier.getSchemaName());
    String key = facts.columnKey(column.getColumnName());
    for (Scope level = scope; level != null; level = level.parent) {
      Relation relation = level.relation(schemaKey, tableKey);
      if (relation == null) {
        continue;
      }
      if (schemaKey != null && relation.binding != null) {
        // a rewrite replaces the table by an inline view named like the table: re-qualify then
        facts.qualifiedColumns.put(column, relation.binding);
      }
      Relation.Col col = relation.column(key);
      if (col != null) {
        return col.lineage();
      }
      return relation.opaque ? relation.opaqueLineage.union(Lineage.OPAQUE) : null;
    }
    return null;
  }
}
