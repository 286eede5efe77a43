package io.phiguard.rewrite;

import io.phiguard.rewrite.NameRules.NameKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Walks data-changing statements: INSERT (with VALUES, a query, SET, ON CONFLICT, ON DUPLICATE KEY
 * UPDATE), UPDATE (with FROM and joins), DELETE (with USING and joins), MERGE, H2 MERGE/UPSERT, and
 * their RETURNING lists. Records written columns, copies (sinks) and the predicates that choose the
 * rows changed.
 */
final class DmlWalker {

  private final FactsCollector facts;
  private final QueryWalker queries;
  private final ExpressionWalker expressions;

  DmlWalker(FactsCollector facts, QueryWalker queries, ExpressionWalker expressions) {
    this.facts = facts;
    this.queries = queries;
    this.expressions = expressions;
  }

  /** A data-modifying CTE: its RETURNING list is the CTE's columns; what it writes is a sink. */
  List<Relation.Col> walkModifyingCte(WithItem<?> item, Scope scope) {
    Object statement = item.getParenthesedStatement();
    facts.reach(statement);
    if (statement instanceof ParenthesedInsert) {
      return insert(((ParenthesedInsert) statement).getInsert(), scope, true);
    }
    if (statement instanceof ParenthesedUpdate) {
      return update(((ParenthesedUpdate) statement).getUpdate(), scope, true);
    }
    if (statement instanceof ParenthesedDelete) {
      return delete(((ParenthesedDelete) statement).getDelete(), scope, true);
    }
    facts.notUnderstood(item);
    return List.of();
  }

  List<Relation.Col> insert(Insert insert, Scope parent, boolean inCte) {
    facts.reach(insert);
    Scope scope = new Scope(parent);
    queries.withItems(insert.getWithItemsList(), scope);
    Table table = insert.getTable();
    Optional<TableDef> def = queries.writtenTable(table);
    Sink.Kind sinkKind = inCte ? Sink.Kind.WRITABLE_CTE : Sink.Kind.INSERT_SELECT;
    String target = Identifier.of(table.getName()).text();
    if (insert.getColumns() != null) {
      written(def, insert.getColumns());
    } else if (def.isPresent()) {
      def.get().columns().forEach(c -> facts.written(def.get().ref(c)));
    }
    Lineage inserted = Lineage.NONE;
    if (insert.getSelect() != null) {
      for (Relation.Col col : queries.walkSelect(insert.getSelect(), scope, null)) {
        inserted = inserted.union(col.lineage());
      }
      facts.use(inserted, Clause.ASSIGNMENT, false, false);
      facts.sink(sinkKind, target, inserted);
    }
    Scope targetScope = new Scope(scope);
    Relation targetRelation = queries.table(table, targetScope, null, true);
    if (insert.getSetUpdateSets() != null) {
      assignments(insert.getSetUpdateSets(), def, targetScope, sinkKind, target);
    }
    if (insert.getDuplicateUpdateSets() != null) {
      assignments(insert.getDuplicateUpdateSets(), def, targetScope, Sink.Kind.ASSIGNMENT, target);
      site(insert.getDuplicateUpdateSets(), def, null, AssignmentSite.Kind.DUPLICATE_KEY);
    }
    if (insert.getConflictAction() != null) {
      facts.reach(insert.getConflictAction());
      Scope conflict = new Scope(targetScope);
      // EXCLUDED holds the proposed row: the inserted values
      List<Relation.Col> excluded = new ArrayList<>();
      for (Relation.Col col : targetRelation.columns) {
        excluded.add(new Relation.Col(col.label(), col.key(), inserted.derived()));
      }
      conflict.relations.add(
          new Relation(
              facts.tableKey("excluded"), null, true, excluded, false, Lineage.NONE, null));
      if (insert.getConflictAction().getUpdateSets() != null) {
        assignments(
            insert.getConflictAction().getUpdateSets(),
            def,
            conflict,
            Sink.Kind.ASSIGNMENT,
            target);
        // the existing row is named by the alias, else by the bare table name
        site(
            insert.getConflictAction().getUpdateSets(),
            def,
            table.getAlias() != null ? table.getAlias().getName() : table.getName(),
            AssignmentSite.Kind.ON_CONFLICT);
      }
      expressions.predicate(
          insert.getConflictAction().getWhereExpression(), conflict, Clause.DML_WHERE);
    }
    if (insert.getConflictTarget() != null) {
      facts.reach(insert.getConflictTarget());
      expressions.operand(
          insert.getConflictTarget().getIndexExpression(), targetScope, Clause.OTHER);
      expressions.operand(
          insert.getConflictTarget().getWhereExpression(), targetScope, Clause.OTHER);
    }
    if (insert.getOutputClause() != null) {
      facts.notUnderstood("output-clause");
    }
    return returning(insert.getReturningClause(), targetRelation, targetScope, inCte);
  }

  List<Relation.Col> update(
      net.sf.jsqlparser.statement.update.Update update, Scope parent, boolean inCte) {
    facts.reach(update);
    Scope scope = new Scope(parent);
    queries.withItems(update.getWithItemsList(), scope);
    Table table = update.getTable();
    Optional<TableDef> def = queries.writtenTable(table);
    Relation target = queries.table(table, scope, null, true);
    joins(update.getStartJoins(), scope);
    if (update.getFromItem() != null) {
      queries.fromItem(update.getFromItem(), scope, update::setFromItem);
    }
    joins(update.getJoins(), scope);
    String name = Identifier.of(table.getName()).text();
    assignments(
        update.getUpdateSets(),
        def,
        scope,
        inCte ? Sink.Kind.WRITABLE_CTE : Sink.Kind.ASSIGNMENT,
        name);
    boolean multiTable =
        !isEmpty(update.getStartJoins())
            || update.getFromItem() != null
            || !isEmpty(update.getJoins());
    // with other tables in scope, the target's columns are qualified to stay unambiguous
    site(
        update.getUpdateSets(),
        def,
        table.getAlias() != null
            ? table.getAlias().getName()
            : multiTable ? table.getFullyQualifiedName() : null,
        AssignmentSite.Kind.UPDATE);
    facts.unboundedWrite |= update.getWhere() == null && update.getLimit() == null;
    expressions.predicate(update.getWhere(), scope, Clause.DML_WHERE);
    expressions.orderBy(update.getOrderByElements(), scope, Clause.ORDER_BY);
    if (update.getLimit() != null) {
      facts.reach(update.getLimit());
      expressions.operand(update.getLimit().getRowCount(), scope, Clause.OTHER);
    }
    if (update.getOutputClause() != null || update.getPreferringClause() != null) {
      facts.notUnderstood("update-modifier");
    }
    return returning(update.getReturningClause(), target, scope, inCte);
  }

  List<Relation.Col> delete(Delete delete, Scope parent, boolean inCte) {
    facts.reach(delete);
    Scope scope = new Scope(parent);
    queries.withItems(delete.getWithItemsList(), scope);
    if (delete.getTables() != null && !delete.getTables().isEmpty()) {
      facts.notUnderstood("multi-table-delete");
      delete.getTables().forEach(facts::reach);
    }
    Table table = delete.getTable();
    queries.writtenTable(table);
    Relation target = queries.table(table, scope, null, true);
    if (delete.getUsingList() != null) {
      for (Table using : delete.getUsingList()) {
        // the grammar holds only table names here: no inline view can replace them
        queries.fromItem(using, scope, null);
      }
    }
    joins(delete.getJoins(), scope);
    facts.unboundedWrite |= delete.getWhere() == null && delete.getLimit() == null;
    expressions.predicate(delete.getWhere(), scope, Clause.DML_WHERE);
    expressions.orderBy(delete.getOrderByElements(), scope, Clause.ORDER_BY);
    if (delete.getLimit() != null) {
      facts.reach(delete.getLimit());
      expressions.operand(delete.getLimit().getRowCount(), scope, Clause.OTHER);
    }
    if (delete.getOutputClause() != null || delete.getPreferringClause() != null) {
      facts.notUnderstood("delete-modifier");
    }
    return returning(delete.getReturningClause(), target, scope, inCte);
  }

  void merge(Merge merge, Scope parent) {
    facts.reach(merge);
    Scope scope = new Scope(parent);
    queries.withItems(merge.getWithItemsList(), scope);
    Table table = merge.getTable();
    Optional<TableDef> def = queries.writtenTable(table);
    queries.table(table, scope, null, true);
    if (merge.getFromItem() != null) {
      queries.fromItem(merge.getFromItem(), scope, merge::setFromItem);
    } else {
      facts.notUnderstood("merge-source");
    }
    expressions.predicate(merge.getOnCondition(), scope, Clause.DML_WHERE);
    String name = Identifier.of(table.getName()).text();
    for (MergeOperation operation : merge.getOperations()) {
      facts.reach(operation);
      if (operation instanceof MergeUpdate) {
        MergeUpdate update = (MergeUpdate) operation;
        assignments(update.getUpdateSets(), def, scope, Sink.Kind.ASSIGNMENT, name);
        site(
            update.getUpdateSets(),
            def,
            table.getAlias() != null ? table.getAlias().getName() : table.getFullyQualifiedName(),
            AssignmentSite.Kind.MERGE);
        expressions.predicate(update.getAndPredicate(), scope, Clause.DML_WHERE);
        expressions.predicate(update.getWhereCondition(), scope, Clause.DML_WHERE);
        expressions.operand(update.getDeleteWhereCondition(), scope, Clause.DML_WHERE);
      } else if (operation instanceof MergeInsert) {
        MergeInsert insert = (MergeInsert) operation;
        if (insert.getColumns() != null) {
          written(def, insert.getColumns());
        }
        Lineage values = expressions.operand(insert.getValues(), scope, Clause.ASSIGNMENT);
        facts.sink(Sink.Kind.ASSIGNMENT, name, values);
        expressions.operand(insert.getAndPredicate(), scope, Clause.DML_WHERE);
        expressions.operand(insert.getWhereCondition(), scope, Clause.DML_WHERE);
      } else if (operation instanceof MergeDelete) {
        expressions.operand(((MergeDelete) operation).getAndPredicate(), scope, Clause.DML_WHERE);
      } else {
        facts.notUnderstood(operation);
      }
    }
    if (merge.getOutputClause() != null) {
      facts.notUnderstood("output-clause");
    }
  }

  void upsert(Upsert upsert, Scope parent) {
    facts.reach(upsert);
    Scope scope = new Scope(parent);
    Table table = upsert.getTable();
    Optional<TableDef> def = queries.writtenTable(table);
    String name = Identifier.of(table.getName()).text();
    java.util.Set<ColumnRef> before = new java.util.TreeSet<>(facts.build(List.of()).written());
    if (upsert.getColumns() != null) {
      written(def, upsert.getColumns());
    } else if (def.isPresent()) {
      def.get().columns().forEach(c -> facts.written(def.get().ref(c)));
    }
    if (upsert.getSelect() != null) {
      Lineage inserted = Lineage.NONE;
      for (Relation.Col col : queries.walkSelect(upsert.getSelect(), scope, null)) {
        inserted = inserted.union(col.lineage());
      }
      facts.sink(Sink.Kind.INSERT_SELECT, name, inserted);
    }
    Scope targetScope = new Scope(scope);
    queries.table(table, targetScope, null, true);
    if (upsert.getUpdateSets() != null) {
      assignments(upsert.getUpdateSets(), def, targetScope, Sink.Kind.ASSIGNMENT, name);
    }
    if (upsert.getDuplicateUpdateSets() != null) {
      assignments(upsert.getDuplicateUpdateSets(), def, targetScope, Sink.Kind.ASSIGNMENT, name);
    }
    // REPLACE, UPSERT, H2 MERGE … KEY may overwrite an existing row with the values as written
    for (ColumnRef column : facts.build(List.of()).written()) {
      if (!before.contains(column)) {
        facts.rowReplacingWrites.add(column);
      }
    }
  }

  private static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }

  private void site(
      List<UpdateSet> sets, Optional<TableDef> def, String qualifier, AssignmentSite.Kind kind) {
    if (sets != null && def.isPresent()) {
      facts.assignmentSites.add(new AssignmentSite(sets, def.get(), qualifier, kind));
    }
  }

  private void joins(List<Join> joins, Scope scope) {
    if (joins == null) {
      return;
    }
    for (Join join : joins) {
      facts.reach(join);
      queries.fromItem(join.getRightItem(), scope, join::setRightItem);
      for (Expression on : join.getOnExpressions()) {
        expressions.predicate(on, scope, Clause.JOIN);
      }
      if (join.getUsingColumns() != null && !join.getUsingColumns().isEmpty()) {
        facts.notUnderstood("dml-join-using");
      }
    }
  }

  private void assignments(
      List<UpdateSet> sets, Optional<TableDef> def, Scope scope, Sink.Kind kind, String target) {
    for (UpdateSet set : sets) {
      facts.reach(set);
      written(def, set.getColumns());
      Lineage values = Lineage.NONE;
      facts.reach(set.getValues());
      for (Expression value : set.getValues()) {
        values = values.union(expressions.walk(value, scope, Clause.ASSIGNMENT));
      }
      facts.sink(kind, target, values);
    }
  }

  private void written(Optional<TableDef> def, ExpressionList<Column> columns) {
    facts.reach(columns);
    for (Column column : columns) {
      facts.reach(column);
      facts.reach(column.getTable());
      if (def.isEmpty()) {
        continue;
      }
      String key = facts.rules.key(column.getColumnName(), NameKind.COLUMN);
      Optional<ColumnDef> found = def.get().column(key, facts.rules);
      if (found.isPresent()) {
        facts.written(def.get().ref(found.get()));
      } else {
        facts.notUnderstood("unresolved-column");
      }
    }
  }

  private List<Relation.Col> returning(
      ReturningClause clause, Relation target, Scope scope, boolean inCte) {
    if (clause == null) {
      return List.of();
    }
    facts.reach(clause);
    if (!inCte) {
      facts.returning = true;
    }
    if (clause.getDataItems() != null && !clause.getDataItems().isEmpty()) {
      facts.notUnderstood("returning-into");
    }
    List<Relation.Col> outputs = queries.selectItems(clause, scope);
    // masked in place on rewrite, in a CTE too: its rows flow into the query
    facts.returningTargets.add(new ReturningTarget(target.binding, clause, outputs));
    return outputs;
  }
}
