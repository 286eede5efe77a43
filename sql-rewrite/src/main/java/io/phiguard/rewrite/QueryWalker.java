package io.phiguard.rewrite;

import io.phiguard.rewrite.NameRules.NameKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Walks queries: WITH lists (recursive and data-modifying CTEs included), FROM items and joins
 * ({@code USING}, {@code NATURAL}, LATERAL), select lists with {@code *} and {@code t.*} expanded,
 * every clause, set operations, VALUES and {@code TABLE t}. Returns each query's output columns
 * with their lineage and records every catalog table reference as a {@link TableBinding}.
 */
final class QueryWalker {

  private final FactsCollector facts;
  private final ExpressionWalker expressions;
  private DmlWalker dml;

  QueryWalker(FactsCollector facts, ExpressionWalker expressions) {
    this.facts = facts;
    this.expressions = expressions;
  }

  void dml(DmlWalker dml) {
    this.dml = dml;
  }

  /**
   * Walks a query one level below {@code parent}.
   *
   * @param replace replaces this query in its parent, for {@code TABLE t}; null where impossible
   */
  List<Relation.Col> walkSelect(Select select, Scope parent, Consumer<Select> replace) {
    facts.reach(select);
    Scope scope = new Scope(parent);
    withItems(select.getWithItemsList(), scope);
    List<Relation.Col> outputs;
    if (select instanceof PlainSelect) {
      outputs = plainSelect((PlainSelect) select, scope);
    } else if (select instanceof SetOperationList) {
      outputs = setOperations((SetOperationList) select, scope);
    } else if (select instanceof ParenthesedSelect) {
      ParenthesedSelect parenthesed = (ParenthesedSelect) select;
      outputs = walkSelect(parenthesed.getSelect(), scope, parenthesed::setSelect);
    } else if (select instanceof Values) {
      outputs = values((Values) select, scope);
    } else if (select instanceof TableStatement) {
      outputs = tableStatement((TableStatement) select, scope, replace);
    } else {
      facts.notUnderstood(select);
      outputs = List.of();
    }
    scope.outputs = outputs;
    trailingClauses(select, scope);
    return outputs;
  }

  /** The row count of {@code select}'s own LIMIT or FETCH FIRST literal, or -1. */
  private static long literalLimit(Select select) {
    long limit = -1;
    if (select.getLimit() != null
        && select.getLimit().getRowCount() instanceof LongValue count
        && count.getValue() >= 0) {
      limit = count.getValue();
    }
    if (select.getFetch() != null
        && select.getFetch().getExpression() instanceof LongValue count
        && count.getValue() >= 0) {
      limit = limit < 0 ? count.getValue() : Math.min(limit, count.getValue());
    }
    return limit;
  }

  private void trailingClauses(Select select, Scope scope) {
    orderBy(select.getOrderByElements(), scope);
    if (scope.parent == null) {
      facts.resultLimit = literalLimit(select);
    }
    if (select.getLimit() != null) {
      facts.reach(select.getLimit());
      expressions.operand(select.getLimit().getRowCount(), scope, Clause.OTHER);
      if (select.getLimit().getOffset() != null) {
        expressions.operand(select.getLimit().getOffset(), scope, Clause.OTHER);
      }
    }
    if (select.getOffset() != null) {
      expressions.operand(select.getOffset().getOffset(), scope, Clause.OTHER);
    }
    if (select.getFetch() != null) {
      expressions.operand(select.getFetch().getExpression(), scope, Clause.OTHER);
    }
    if (select.getForMode() != null) {
      facts.locking = true;
      facts.reach(select.getForUpdateTable());
    }
    if (select.getLimitBy() != null
        || select.getForClause() != null
        || select.getPivot() != null
        || select.getUnPivot() != null) {
      facts.notUnderstood("select-modifier");
    }
  }

  void withItems(List<WithItem<?>> items, Scope scope) {
    if (items == null) {
      return;
    }
    for (WithItem<?> item : items) {
      facts.reach(item);
      String key = facts.tableKey(item.getAliasName());
      if (facts.catalog.dialect() == Dialect.H2
          && facts.catalog.resolve(null, item.getAliasName(), facts.searchPath).isPresent()) {
        // H2 resolves a CTE named like an existing table to the table, where the standard (and
        // this walker) resolves it to the CTE: the two would read different rows
        facts.notUnderstood("cte-shadows-table");
      }
      List<String> names = withColumnNames(item);
      List<Relation.Col> columns;
      if (item.getParenthesedStatement() instanceof ParenthesedSelect) {
        columns =
            item.isRecursive()
                ? recursiveCte(item, key, names, scope)
                : walkSelect(item.getSelect(), scope, null);
      } else {
        columns = dml.walkModifyingCte(item, scope);
      }
      scope.defineCte(key, rename(columns, names));
    }
  }

  private List<String> withColumnNames(WithItem<?> item) {
    List<String> names = new ArrayList<>();
    if (item.getWithItemList() != null) {
      for (SelectItem<?> column : item.getWithItemList()) {
        facts.reach(column);
        facts.reach(column.getExpression());
        names.add(column.getExpression().toString());
      }
    }
    return names;
  }

  /**
   * A recursive CTE: its anchor defines the columns, then the recursive part is walked with the CTE
   * visible. If the recursive part adds sources the anchor lacks, later iterations could carry them
   * into any column: the analysis then gives up rather than under-report.
   */
  private List<Relation.Col> recursiveCte(
      WithItem<?> item, String key, List<String> names, Scope scope) {
    Select body = item.getSelect().getSelect();
    if (!(body instanceof SetOperationList)) {
      return walkSelect(item.getSelect(), scope, null);
    }
    facts.reach(item.getSelect());
    facts.reach(body);
    SetOperationList union = (SetOperationList) body;
    List<Select> branches = union.getSelects();
    List<Relation.Col> anchor = walkSelect(branches.get(0), scope, replacer(branches, 0));
    scope.defineCte(key, rename(anchor, names));
    List<Relation.Col> merged = anchor;
    for (int i = 1; i < branches.size(); i++) {
      merged = merge(merged, walkSelect(branches.get(i), scope, replacer(branches, i)));
    }
    for (int i = 0; i < merged.size() && i < anchor.size(); i++) {
      if (!anchor.get(i).lineage().columns().containsAll(merged.get(i).lineage().columns())) {
        facts.notUnderstood("recursive-cte-lineage");
      }
    }
    Scope unionScope = new Scope(scope);
    unionScope.outputs = merged;
    trailingClauses(union, unionScope);
    return merged;
  }

  private static Consumer<Select> replacer(List<Select> branches, int index) {
    return replacement -> branches.set(index, replacement);
  }

  private List<Relation.Col> plainSelect(PlainSelect select, Scope scope) {
    if (select.getFromItem() != null) {
      fromItem(select.getFromItem(), scope, select::setFromItem);
    }
    joins(select.getJoins(), scope);
    if (select.getLateralViews() != null
        || select.getOracleHierarchical() != null
        || select.getPreferringClause() != null
        || select.getKsqlWindow() != null
        || select.getIntoTempTable() != null
        || select.getForXmlPath() != null
        || select.getTop() != null
        || select.getSkip() != null
        || select.getFirst() != null) {
      facts.notUnderstood("select-modifier");
    }
    if (select.isUsingOnly()) {
      facts.notUnderstood("from-only");
    }
    List<Relation.Col> outputs = selectItems(select.getSelectItems(), scope);
    scope.outputs = outputs;
    if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
      for (SelectItem<?> item : select.getDistinct().getOnSelectItems()) {
        facts.reach(item);
        expressions.operand(item.getExpression(), scope, Clause.WINDOW);
      }
    }
    if (select.getIntoTables() != null) {
      selectInto(select.getIntoTables(), outputs);
    }
    expressions.predicate(select.getWhere(), scope, Clause.WHERE);
    groupBy(select.getGroupBy(), scope);
    expressions.operand(select.getHaving(), scope, Clause.HAVING);
    expressions.operand(select.getQualify(), scope, Clause.WINDOW);
    if (select.getWindowDefinitions() != null) {
      for (WindowDefinition window : select.getWindowDefinitions()) {
        expressions.windowDefinition(window, scope);
      }
    }
    return outputs;
  }

  private void selectInto(List<Table> targets, List<Relation.Col> outputs) {
    Lineage copied = Lineage.NONE;
    for (Relation.Col output : outputs) {
      copied = copied.union(output.lineage());
    }
    for (Table target : targets) {
      facts.reach(target);
      if (target.getName() != null && target.getName().startsWith("@")) {
        facts.sink(Sink.Kind.VARIABLE, target.getName(), copied);
        continue;
      }
      writtenTable(target);
      facts.sink(Sink.Kind.SELECT_INTO, target.getFullyQualifiedName(), copied);
    }
  }

  /** Records a table a statement writes (never rewritten: only reads are masked). */
  Optional<TableDef> writtenTable(Table target) {
    return namedTable(target, TableUse.Access.WRITE);
  }

  /** Records a table named where no rows flow (DESCRIBE, ANALYZE, DDL targets). */
  Optional<TableDef> namedTable(Table target, TableUse.Access access) {
    facts.reach(target);
    Optional<TableDef> def =
        facts.catalog.resolve(target.getSchemaName(), target.getName(), facts.searchPath);
    if (def.isPresent()) {
      facts.table(def.get(), access);
    } else {
      facts.unknownTable(target.getSchemaName(), target.getName(), access);
    }
    return def;
  }

  private void groupBy(GroupByElement groupBy, Scope scope) {
    if (groupBy == null) {
      return;
    }
    facts.reach(groupBy);
    if (groupBy.getGroupByExpressionList() != null) {
      for (Object item : groupBy.getGroupByExpressionList()) {
        ordinalOrExpression((Expression) item, scope, Clause.GROUP_BY);
      }
    }
    if (groupBy.getGroupingSets() != null) {
      for (ExpressionList<?> set : groupBy.getGroupingSets()) {
        facts.reach(set);
        for (Expression item : set) {
          ordinalOrExpression(item, scope, Clause.GROUP_BY);
        }
      }
    }
  }

  void orderBy(List<OrderByElement> elements, Scope scope) {
    if (elements == null) {
      return;
    }
    for (OrderByElement element : elements) {
      facts.reach(element);
      ordinalOrExpression(element.getExpression(), scope, Clause.ORDER_BY);
    }
  }

  /** {@code ORDER BY 2} sorts by the second output column: a read of its sources. */
  private void ordinalOrExpression(Expression expression, Scope scope, Clause clause) {
    if (expression instanceof LongValue) {
      facts.reach(expression);
      long ordinal = ((LongValue) expression).getValue();
      if (ordinal >= 1 && ordinal <= scope.outputs.size()) {
        facts.use(scope.outputs.get((int) ordinal - 1).lineage(), clause, false, false);
      }
      return;
    }
    expressions.operand(expression, scope, clause);
  }

  List<Relation.Col> selectItems(List<SelectItem<?>> items, Scope scope) {
    List<Relation.Col> outputs = new ArrayList<>();
    for (SelectItem<?> item : items) {
      facts.reach(item);
      Expression expression = item.getExpression();
      if (expression instanceof AllTableColumns) {
        facts.reach(expression);
        Relation relation = starRelation((AllTableColumns) expression, scope);
        if (relation == null) {
          facts.notUnderstood("unresolved-star");
        } else {
          outputs.addAll(starColumns(relation, false));
        }
      } else if (expression instanceof AllColumns) {
        facts.reach(expression);
        AllColumns star = (AllColumns) expression;
        if ((star.getExceptColumns() != null && !star.getExceptColumns().isEmpty())
            || (star.getReplaceExpressions() != null && !star.getReplaceExpressions().isEmpty())) {
          facts.notUnderstood("star-except");
        }
        for (int i = 0; i < scope.relations.size(); i++) {
          outputs.addAll(starColumns(scope.relations.get(i), i > 0));
        }
      } else {
        Lineage lineage = expressions.walk(expression, scope, Clause.OUTPUT);
        String label = labelOf(item, expression);
        String key = label == null ? null : facts.columnKey(quote(label));
        outputs.add(new Relation.Col(label, key, lineage));
      }
    }
    return outputs;
  }

  private List<Relation.Col> starColumns(Relation relation, boolean skipMerged) {
    List<Relation.Col> columns = new ArrayList<>();
    if (relation.opaque) {
      Lineage lineage = relation.opaqueLineage.union(Lineage.OPAQUE);
      facts.use(lineage, Clause.OUTPUT, false, false);
      columns.add(new Relation.Col(null, null, lineage));
      return columns;
    }
    for (Relation.Col column : relation.columns) {
      if (skipMerged && relation.mergedKeys.contains(column.key())) {
        continue;
      }
      facts.use(column.lineage(), Clause.OUTPUT, true, false);
      columns.add(column);
    }
    return columns;
  }

  Relation starRelation(AllTableColumns star, Scope scope) {
    Table table = star.getTable();
    facts.reach(table);
    String tableKey = facts.tableKey(table.getName());
    String schemaKey = table.getSchemaName() == null ? null : facts.tableKey(table.getSchemaName());
    for (Scope level = scope; level != null; level = level.parent) {
      Relation relation = level.relation(schemaKey, tableKey);
      if (relation != null) {
        return relation;
      }
    }
    return null;
  }

  private String labelOf(SelectItem<?> item, Expression expression) {
    if (item.getAlias() != null) {
      return facts.label(item.getAlias().getName());
    }
    if (expression instanceof Column) {
      return facts.label(((Column) expression).getColumnName());
    }
    return null;
  }

  /** Quotes a label so that its key is computed exactly (labels are already folded). */
  private static String quote(String label) {
    return "\"" + label.replace("\"", "\"\"") + "\"";
  }

  private List<Relation.Col> setOperations(SetOperationList union, Scope scope) {
    List<Relation.Col> merged = null;
    List<Select> branches = union.getSelects();
    for (int i = 0; i < branches.size(); i++) {
      List<Relation.Col> branch = walkSelect(branches.get(i), scope, replacer(branches, i));
      merged = merged == null ? branch : merge(merged, branch);
    }
    return merged == null ? List.of() : merged;
  }

  private List<Relation.Col> merge(List<Relation.Col> first, List<Relation.Col> next) {
    if (first.size() != next.size()) {
      facts.notUnderstood("set-operation-arity");
      return first;
    }
    List<Relation.Col> merged = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      Relation.Col col = first.get(i);
      merged.add(
          new Relation.Col(col.label(), col.key(), col.lineage().merge(next.get(i).lineage())));
    }
    return merged;
  }

  private List<Relation.Col> values(Values values, Scope scope) {
    List<Relation.Col> outputs = new ArrayList<>();
    ExpressionList<?> rows = values.getExpressions();
    facts.reach(rows);
    for (Expression row : rows) {
      facts.reach(row);
      List<Expression> cells = new ArrayList<>();
      if (row instanceof ExpressionList) {
        cells.addAll((ExpressionList<?>) row);
      } else {
        cells.add(row);
      }
      for (int i = 0; i < cells.size(); i++) {
        Lineage lineage = expressions.walk(cells.get(i), scope, Clause.OUTPUT);
        if (i < outputs.size()) {
          Relation.Col col = outputs.get(i);
          outputs.set(i, new Relation.Col(null, null, col.lineage().merge(lineage)));
        } else {
          outputs.add(new Relation.Col(null, null, lineage));
        }
      }
    }
    return outputs;
  }

  private List<Relation.Col> tableStatement(
      TableStatement statement, Scope scope, Consumer<Select> replace) {
    Consumer<FromItem> slot =
        replace == null
            ? null
            : item -> {
              PlainSelect select = new PlainSelect();
              select.addSelectItems(new AllColumns());
              select.setFromItem(item);
              replace.accept(select);
            };
    fromItem(statement.getTable(), scope, slot);
    Relation relation = scope.relations.get(scope.relations.size() - 1);
    return starColumns(relation, false);
  }

  private void joins(List<Join> joins, Scope scope) {
    if (joins == null) {
      return;
    }
    for (Join join : joins) {
      facts.reach(join);
      int before = scope.relations.size();
      fromItem(join.getRightItem(), scope, join::setRightItem);
      List<Relation> left = scope.relations.subList(0, before);
      Relation right = scope.relations.get(scope.relations.size() - 1);
      Set<String> merged = new HashSet<>();
      if (join.isNatural()) {
        for (Relation.Col col : right.columns) {
          if (joinColumn(col.key(), left, right)) {
            merged.add(col.key());
          }
        }
      }
      if (join.getUsingColumns() != null) {
        for (Column using : join.getUsingColumns()) {
          facts.reach(using);
          facts.reach(using.getTable());
          String key = facts.columnKey(using.getColumnName());
          if (!joinColumn(key, left, right)) {
            facts.notUnderstood("unresolved-column");
          }
          merged.add(key);
        }
      }
      right.mergedKeys = Set.copyOf(merged);
      for (Expression on : join.getOnExpressions()) {
        expressions.predicate(on, scope, Clause.JOIN);
      }
    }
  }

  private boolean joinColumn(String key, List<Relation> left, Relation right) {
    Relation.Col rightCol = right.column(key);
    boolean found = false;
    for (Relation relation : left) {
      Relation.Col leftCol = relation.column(key);
      if (leftCol != null) {
        facts.use(leftCol.lineage(), Clause.JOIN, false, false);
        found = true;
      }
    }
    if (rightCol != null) {
      facts.use(rightCol.lineage(), Clause.JOIN, false, false);
    }
    return found && rightCol != null;
  }

  /** Adds the relation(s) of one FROM item to {@code scope}. */
  void fromItem(FromItem item, Scope scope, Consumer<FromItem> slot) {
    facts.reach(item);
    if (item.getPivot() != null || item.getUnPivot() != null) {
      facts.notUnderstood("pivot");
    }
    if (item instanceof Table) {
      table((Table) item, scope, slot, false);
    } else if (item instanceof ParenthesedSelect) {
      ParenthesedSelect derived = (ParenthesedSelect) item;
      List<Relation.Col> outputs = walkSelect(derived, scope, null);
      scope.relations.add(derivedRelation(derived.getAlias(), outputs));
    } else if (item instanceof Values) {
      List<Relation.Col> outputs = walkSelect((Values) item, scope, null);
      scope.relations.add(derivedRelation(item.getAlias(), outputs));
    } else if (item instanceof ParenthesedFromItem) {
      ParenthesedFromItem nested = (ParenthesedFromItem) item;
      if (nested.getAlias() != null) {
        facts.notUnderstood("aliased-join-group");
      }
      fromItem(nested.getFromItem(), scope, nested::setFromItem);
      joins(nested.getJoins(), scope);
    } else if (item instanceof TableFunction) {
      TableFunction function = (TableFunction) item;
      facts.reach(function.getFunction());
      Lineage lineage = expressions.operand(function.getFunction(), scope, Clause.OTHER);
      String key = function.getAlias() == null ? "" : facts.tableKey(function.getAlias().getName());
      scope.relations.add(new Relation(key, null, true, List.of(), true, lineage, null));
    } else {
      facts.notUnderstood(item);
      scope.relations.add(new Relation("", null, true, List.of(), true, Lineage.NONE, null));
    }
  }

  /** A table reference in FROM: a CTE, a catalog table (bound for rewriting) or unknown. */
  Relation table(Table table, Scope scope, Consumer<FromItem> slot, boolean dmlTarget) {
    facts.reach(table);
    String exposed = table.getAlias() != null ? table.getAlias().getName() : table.getName();
    String aliasKey = facts.tableKey(exposed);
    boolean aliased = table.getAlias() != null;
    Relation relation;
    List<Relation.Col> cte =
        table.getSchemaName() == null ? scope.cte(facts.tableKey(table.getName())) : null;
    if (cte != null && !dmlTarget) {
      relation =
          new Relation(
              aliasKey,
              null,
              aliased,
              renameByAlias(cte, table.getAlias()),
              false,
              Lineage.NONE,
              null);
    } else {
      Optional<TableDef> def =
          facts.catalog.resolve(table.getSchemaName(), table.getName(), facts.searchPath);
      if (def.isPresent()) {
        TableDef found = def.get();
        facts.table(found, TableUse.Access.READ);
        TableBinding binding = new TableBinding(table, found, slot, dmlTarget);
        facts.bindings.add(binding);
        List<Relation.Col> columns = new ArrayList<>();
        for (ColumnDef column : found.columns()) {
          columns.add(
              new Relation.Col(
                  column.name(),
                  facts.rules.storedKey(column.name(), NameKind.COLUMN),
                  Lineage.of(found.ref(column))));
        }
        String schemaKey =
            table.getSchemaName() != null
                ? facts.tableKey(table.getSchemaName())
                : found.schema() == null
                    ? null
                    : facts.rules.storedKey(found.schema(), NameKind.TABLE);
        relation =
            new Relation(
                aliasKey,
                schemaKey,
                aliased,
                renameByAlias(columns, table.getAlias()),
                false,
                Lineage.NONE,
                binding);
      } else {
        facts.unknownTable(table.getSchemaName(), table.getName(), TableUse.Access.READ);
        relation = new Relation(aliasKey, null, aliased, List.of(), true, Lineage.NONE, null);
      }
    }
    scope.relations.add(relation);
    return relation;
  }

  private Relation derivedRelation(Alias alias, List<Relation.Col> outputs) {
    String key = alias == null ? "" : facts.tableKey(alias.getName());
    boolean opaque = false;
    Lineage opaqueLineage = Lineage.NONE;
    for (Relation.Col output : outputs) {
      if (output.key() == null && output.lineage().opaque()) {
        opaque = true;
        opaqueLineage = opaqueLineage.union(output.lineage());
      }
    }
    return new Relation(
        key, null, alias != null, renameByAlias(outputs, alias), opaque, opaqueLineage, null);
  }

  private List<Relation.Col> renameByAlias(List<Relation.Col> columns, Alias alias) {
    if (alias == null || alias.getAliasColumns() == null) {
      return columns;
    }
    List<String> names = new ArrayList<>();
    for (Alias.AliasColumn column : alias.getAliasColumns()) {
      names.add(column.name);
    }
    return rename(columns, names);
  }

  private List<Relation.Col> rename(List<Relation.Col> columns, List<String> names) {
    if (names.isEmpty()) {
      return columns;
    }
    List<Relation.Col> renamed = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Relation.Col col = columns.get(i);
      if (i < names.size()) {
        String name = names.get(i);
        renamed.add(new Relation.Col(facts.label(name), facts.columnKey(name), col.lineage()));
      } else {
        renamed.add(col);
      }
    }
    return renamed;
  }
}
