package io.phiguard.rewrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.AllValue;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.ArrayExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.JsonAggregateFunction;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.JsonFunction;
import net.sf.jsqlparser.expression.JsonFunctionExpression;
import net.sf.jsqlparser.expression.JsonKeyValuePair;
import net.sf.jsqlparser.expression.KeepExpression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.NumericBind;
import net.sf.jsqlparser.expression.OverlapsCondition;
import net.sf.jsqlparser.expression.RowGetExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TimeValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.TimezoneExpression;
import net.sf.jsqlparser.expression.TranscodingFunction;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.VariableAssignment;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.WindowOffset;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.FullTextSearch;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.IsUnknownExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MemberOfExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.Select;

/**
 * PhiGuard's own expression walker: every child of every expression class it accepts is visited,
 * including those JSqlParser's {@code ExpressionVisitorAdapter} skips ({@code substring(x FROM …)},
 * {@code trim}, {@code JSON_OBJECT}, window {@code PARTITION BY}, aggregate {@code FILTER} and
 * {@code WITHIN GROUP}). An expression class it does not know makes the statement not fully
 * analysed. Returns each expression's lineage and records every column read.
 */
final class ExpressionWalker {

  private final FactsCollector facts;
  private final ColumnResolver resolver;
  private QueryWalker queries;

  /**
   * Nodes in a positive boolean position of a WHERE or ON: the condition itself, and the operands
   * of AND and OR (and parentheses) reached from it. Only there is {@code col = ?} a plain equality
   * test: under NOT, CASE or a comparison its truth value would be turned around.
   */
  private final Set<Expression> positive = Collections.newSetFromMap(new IdentityHashMap<>());

  ExpressionWalker(FactsCollector facts, ColumnResolver resolver) {
    this.facts = facts;
    this.resolver = resolver;
  }

  void queries(QueryWalker queries) {
    this.queries = queries;
  }

  /** Walks a whole value (a select item, an assigned value): a bare column stays bare. */
  Lineage walk(Expression expression, Scope scope, Clause clause) {
    return walk(expression, scope, clause, true, false);
  }

  /** Walks an operand: its value goes through an enclosing expression. */
  Lineage operand(Expression expression, Scope scope, Clause clause) {
    return walk(expression, scope, clause, false, false).derived();
  }

  /**
   * Walks a condition that chooses rows (WHERE, ON, the WHERE of UPDATE/DELETE, a MERGE's ON): an
   * equality of a column with a parameter under AND/OR is recorded as such.
   */
  Lineage predicate(Expression expression, Scope scope, Clause clause) {
    if (expression != null) {
      positive.add(expression);
    }
    return operand(expression, scope, clause);
  }

  void orderBy(List<OrderByElement> elements, Scope scope, Clause clause) {
    if (elements != null) {
      for (OrderByElement element : elements) {
        facts.reach(element);
        operand(element.getExpression(), scope, clause);
      }
    }
  }

  private Lineage walk(
      Expression e, Scope scope, Clause clause, boolean top, boolean equalityWithParameter) {
    if (e == null) {
      return Lineage.NONE;
    }
    facts.reach(e);
    boolean positiveHere = positive.remove(e);
    if (positiveHere && (e instanceof AndExpression || e instanceof OrExpression)) {
      positive.add(((BinaryExpression) e).getLeftExpression());
      positive.add(((BinaryExpression) e).getRightExpression());
    }
    if (positiveHere
        && e instanceof ParenthesedExpressionList
        && ((ExpressionList<?>) e).size() == 1) {
      positive.add(((ExpressionList<?>) e).get(0));
    }
    if (e instanceof Column) {
      return resolver.resolve((Column) e, scope, clause, top, equalityWithParameter);
    }
    if (isLiteral(e)) {
      return Lineage.NONE;
    }
    if (e instanceof Select) {
      return subquery((Select) e, scope, clause);
    }
    if (e instanceof ParenthesedExpressionList && ((ExpressionList<?>) e).size() == 1) {
      // (x) is x: keep bareness, so "(ssn)" is still the column
      return walk(((ExpressionList<?>) e).get(0), scope, clause, top, equalityWithParameter);
    }
    if (e instanceof ExpressionList) {
      return list((ExpressionList<?>) e, scope, clause);
    }
    if (e instanceof EqualsTo) {
      EqualsTo eq = (EqualsTo) e;
      Expression l = eq.getLeftExpression();
      Expression r = eq.getRightExpression();
      // only "col = ?" / "? = col" with a bare column, in a positive position, is the sanctionable
      // shape; "(col) = ?", "lower(col) = ?", "NOT (col = ?)" are not
      boolean columnLeft = positiveHere && l instanceof Column && isParameter(r);
      boolean columnRight = positiveHere && r instanceof Column && isParameter(l);
      Lineage left = walk(l, scope, clause, false, columnLeft);
      Lineage right = walk(r, scope, clause, false, columnRight);
      if (columnLeft || columnRight) {
        Column column = (Column) (columnLeft ? l : r);
        Lineage lineage = columnLeft ? left : right;
        if (lineage.bare() && lineage.columns().size() == 1) {
          facts.rawEqualities.add(
              new RawEquality(
                  eq,
                  columnLeft,
                  lineage.columns().iterator().next(),
                  resolver.bindingOf(column, scope)));
        }
      }
      return left.union(right).derived();
    }
    if (e instanceof LikeExpression) {
      LikeExpression like = (LikeExpression) e;
      return operands(
          scope, clause, like.getLeftExpression(), like.getRightExpression(), like.getEscape());
    }
    if (e instanceof BinaryExpression) {
      BinaryExpression binary = (BinaryExpression) e;
      return operands(scope, clause, binary.getLeftExpression(), binary.getRightExpression());
    }
    if (e instanceof Function) {
      return function((Function) e, scope, clause);
    }
    if (e instanceof AnalyticExpression) {
      return analytic((AnalyticExpression) e, scope, clause);
    }
    if (e instanceof CaseExpression) {
      CaseExpression c = (CaseExpression) e;
      Lineage result = operands(scope, clause, c.getSwitchExpression(), c.getElseExpression());
      for (WhenClause when : c.getWhenClauses()) {
        facts.reach(when);
        result = result.union(operands(scope, clause, when.getWhenExpression()));
        result = result.union(operands(scope, clause, when.getThenExpression()));
      }
      return result.derived();
    }
    if (e instanceof WhenClause) {
      WhenClause when = (WhenClause) e;
      return operands(scope, clause, when.getWhenExpression(), when.getThenExpression());
    }
    if (e instanceof CastExpression) {
      return operands(scope, clause, ((CastExpression) e).getLeftExpression());
    }
    if (e instanceof Between) {
      Between b = (Between) e;
      return operands(
          scope,
          clause,
          b.getLeftExpression(),
          b.getBetweenExpressionStart(),
          b.getBetweenExpressionEnd());
    }
    if (e instanceof InExpression) {
      InExpression in = (InExpression) e;
      return operands(scope, clause, in.getLeftExpression(), in.getRightExpression());
    }
    if (e instanceof IsNullExpression) {
      return operands(scope, clause, ((IsNullExpression) e).getLeftExpression());
    }
    if (e instanceof IsBooleanExpression) {
      return operands(scope, clause, ((IsBooleanExpression) e).getLeftExpression());
    }
    if (e instanceof IsUnknownExpression) {
      return operands(scope, clause, ((IsUnknownExpression) e).getLeftExpression());
    }
    if (e instanceof ExistsExpression) {
      return operands(scope, clause, ((ExistsExpression) e).getRightExpression());
    }
    if (e instanceof NotExpression) {
      return operands(scope, clause, ((NotExpression) e).getExpression());
    }
    if (e instanceof SignedExpression) {
      return operands(scope, clause, ((SignedExpression) e).getExpression());
    }
    if (e instanceof AnyComparisonExpression) {
      return subquery(((AnyComparisonExpression) e).getSelect(), scope, clause);
    }
    if (e instanceof ExtractExpression) {
      return operands(scope, clause, ((ExtractExpression) e).getExpression());
    }
    if (e instanceof IntervalExpression) {
      return operands(scope, clause, ((IntervalExpression) e).getExpression());
    }
    if (e instanceof CollateExpression) {
      return operands(scope, clause, ((CollateExpression) e).getLeftExpression());
    }
    if (e instanceof TrimFunction) {
      TrimFunction trim = (TrimFunction) e;
      facts.function("trim");
      return operands(scope, clause, trim.getExpression(), trim.getFromExpression());
    }
    if (e instanceof TranscodingFunction) {
      facts.function("convert");
      return operands(scope, clause, ((TranscodingFunction) e).getExpression());
    }
    if (e instanceof TimezoneExpression) {
      TimezoneExpression tz = (TimezoneExpression) e;
      Lineage result = operands(scope, clause, tz.getLeftExpression());
      for (Expression zone : tz.getTimezoneExpressions()) {
        result = result.union(operands(scope, clause, zone));
      }
      return result.derived();
    }
    if (e instanceof ArrayExpression) {
      ArrayExpression a = (ArrayExpression) e;
      return operands(
          scope,
          clause,
          a.getObjExpression(),
          a.getIndexExpression(),
          a.getStartIndexExpression(),
          a.getStopIndexExpression());
    }
    if (e instanceof ArrayConstructor) {
      return operands(scope, clause, ((ArrayConstructor) e).getExpressions());
    }
    if (e instanceof RowGetExpression) {
      return operands(scope, clause, ((RowGetExpression) e).getExpression());
    }
    if (e instanceof OverlapsCondition) {
      OverlapsCondition o = (OverlapsCondition) e;
      return operands(scope, clause, o.getLeft(), o.getRight());
    }
    if (e instanceof MemberOfExpression) {
      MemberOfExpression m = (MemberOfExpression) e;
      return operands(scope, clause, m.getLeftExpression(), m.getRightExpression());
    }
    if (e instanceof FullTextSearch) {
      FullTextSearch match = (FullTextSearch) e;
      return operands(scope, clause, match.getMatchColumns(), match.getAgainstValue());
    }
    if (e instanceof MySQLGroupConcat) {
      MySQLGroupConcat concat = (MySQLGroupConcat) e;
      facts.function("group_concat");
      Lineage result = operands(scope, clause, concat.getExpressionList());
      orderBy(concat.getOrderByElements(), scope, clause);
      return result;
    }
    if (e instanceof JsonFunction) {
      return json((JsonFunction) e, scope, clause);
    }
    if (e instanceof JsonAggregateFunction) {
      return jsonAggregate((JsonAggregateFunction) e, scope, clause);
    }
    if (e instanceof JsonExpression) {
      JsonExpression json = (JsonExpression) e;
      Lineage result = operands(scope, clause, json.getExpression());
      for (Map.Entry<Expression, String> ident : json.getIdentList()) {
        result = result.union(operands(scope, clause, ident.getKey()));
      }
      return result.derived();
    }
    if (e instanceof KeepExpression) {
      orderBy(((KeepExpression) e).getOrderByElements(), scope, clause);
      return Lineage.NONE;
    }
    if (e instanceof VariableAssignment) {
      VariableAssignment assignment = (VariableAssignment) e;
      facts.reach(assignment.getVariable());
      Lineage value = operands(scope, clause, assignment.getExpression());
      facts.sink(Sink.Kind.VARIABLE, assignment.getVariable().toString(), value);
      return value;
    }
    if (e instanceof AllTableColumns) {
      return wholeRows((AllTableColumns) e, scope, clause);
    }
    if (e instanceof AllColumns) {
      Lineage result = Lineage.NONE;
      for (Relation relation : scope.relations) {
        result = result.union(relation.wholeRow());
      }
      facts.use(result, clause, false, false);
      return result.derived();
    }
    facts.notUnderstood(e);
    return Lineage.OPAQUE;
  }

  private Lineage operands(Scope scope, Clause clause, Expression... operands) {
    Lineage result = Lineage.NONE;
    for (Expression operand : operands) {
      if (operand != null) {
        result = result.union(operand(operand, scope, clause));
      }
    }
    return result.derived();
  }

  private Lineage list(ExpressionList<?> list, Scope scope, Clause clause) {
    Lineage result = Lineage.NONE;
    for (Expression item : list) {
      result = result.union(operand(item, scope, clause));
    }
    return result.derived();
  }

  private Lineage subquery(Select select, Scope scope, Clause clause) {
    List<Lineage> outputs = new ArrayList<>();
    for (Relation.Col output : queries.walkSelect(select, scope, null)) {
      outputs.add(output.lineage());
    }
    Lineage result = Lineage.unionAll(outputs).derived();
    if (clause != Clause.OUTPUT) {
      // what a subquery in a predicate selects decides which outer rows qualify
      facts.use(result, clause, false, false);
    }
    return result;
  }

  private Lineage function(Function f, Scope scope, Clause clause) {
    List<String> parts = f.getMultipartName();
    facts.function(parts == null || parts.isEmpty() ? f.getName() : String.join(".", parts));
    if (f.getAttribute() != null || f.getAttributeColumn() != null) {
      facts.notUnderstood("function-attribute");
    }
    if (f.getHavingClause() != null || f.getLimit() != null) {
      facts.notUnderstood("function-modifier");
    }
    Lineage result = Lineage.NONE;
    if (f.getParameters() != null) {
      facts.reach(f.getParameters());
      for (Expression parameter : f.getParameters()) {
        result = result.union(parameter(f, parameter, scope, clause));
      }
    }
    if (f.getNamedParameters() != null) {
      result = result.union(list(f.getNamedParameters(), scope, clause));
    }
    if (f.getKeep() != null) {
      walk(f.getKeep(), scope, clause, false, false);
    }
    orderBy(f.getOrderByElements(), scope, clause);
    return result.derived();
  }

  private Lineage parameter(Function f, Expression parameter, Scope scope, Clause clause) {
    if (parameter instanceof AllColumns && !(parameter instanceof AllTableColumns)) {
      facts.reach(parameter);
      // count(*) counts rows; any other f(*) gets every column
      return "count".equalsIgnoreCase(f.getName())
          ? Lineage.NONE
          : walk(parameter, scope, clause, false, false);
    }
    return operand(parameter, scope, clause);
  }

  private Lineage wholeRows(AllTableColumns star, Scope scope, Clause clause) {
    facts.reach(star.getTable());
    Relation relation = queries.starRelation(star, scope);
    if (relation == null) {
      facts.notUnderstood("unresolved-star");
      return Lineage.OPAQUE;
    }
    Lineage result = relation.wholeRow();
    facts.use(result, clause, false, false);
    return result;
  }

  private Lineage analytic(AnalyticExpression a, Scope scope, Clause clause) {
    facts.function(a.getName());
    if (a.getHavingClause() != null || a.getLimit() != null) {
      facts.notUnderstood("function-modifier");
    }
    Expression argument = a.getExpression();
    if (argument instanceof AllColumns && !(argument instanceof AllTableColumns)) {
      // count(*) OVER …, count(*) FILTER …: the star counts rows, it reads no column
      facts.reach(argument);
      argument = null;
    }
    Lineage result = operands(scope, clause, argument, a.getOffset(), a.getDefaultValue());
    if (a.getKeep() != null) {
      walk(a.getKeep(), scope, clause, false, false);
    }
    // FILTER (WHERE …) chooses rows: a predicate
    operands(scope, Clause.OTHER, a.getFilterExpression());
    if (a.getPartitionExpressionList() != null) {
      list(a.getPartitionExpressionList(), scope, Clause.WINDOW);
    }
    orderBy(a.getOrderByElements(), scope, Clause.WINDOW);
    // WITHIN GROUP (ORDER BY x): the ordered values are the aggregate's input
    orderBy(a.getFuncOrderBy(), scope, clause);
    window(a.getWindowElement(), scope);
    if (a.getWindowDefinition() != null) {
      windowDefinition(a.getWindowDefinition(), scope);
    }
    return result.derived();
  }

  void windowDefinition(WindowDefinition definition, Scope scope) {
    if (definition.getPartitionExpressionList() != null) {
      list(definition.getPartitionExpressionList(), scope, Clause.WINDOW);
    }
    orderBy(definition.getOrderByElements(), scope, Clause.WINDOW);
    window(definition.getWindowElement(), scope);
  }

  private void window(WindowElement element, Scope scope) {
    if (element == null) {
      return;
    }
    offset(element.getOffset(), scope);
    if (element.getRange() != null) {
      offset(element.getRange().getStart(), scope);
      offset(element.getRange().getEnd(), scope);
    }
  }

  private void offset(WindowOffset offset, Scope scope) {
    if (offset != null) {
      operands(scope, Clause.WINDOW, offset.getExpression());
    }
  }

  private Lineage json(JsonFunction json, Scope scope, Clause clause) {
    facts.function(json.getType() == null ? "json" : "json_" + json.getType().name());
    Lineage result = Lineage.NONE;
    for (JsonKeyValuePair pair : json.getKeyValuePairs()) {
      result = result.union(jsonPart(pair.getKey(), scope, clause));
      result = result.union(jsonPart(pair.getValue(), scope, clause));
    }
    for (JsonFunctionExpression expression : json.getExpressions()) {
      result = result.union(operand(expression.getExpression(), scope, clause));
    }
    return result.derived();
  }

  private Lineage jsonAggregate(JsonAggregateFunction json, Scope scope, Clause clause) {
    facts.function(json.getType() == null ? "json_agg" : "json_" + json.getType().name());
    Lineage result = operands(scope, clause, json.getExpression());
    result = result.union(jsonPart(json.getKey(), scope, clause));
    result = result.union(jsonPart(json.getValue(), scope, clause));
    orderBy(json.getExpressionOrderByElements(), scope, clause);
    operands(scope, Clause.OTHER, json.getFilterExpression());
    if (json.getPartitionExpressionList() != null) {
      list(json.getPartitionExpressionList(), scope, Clause.WINDOW);
    }
    orderBy(json.getOrderByElements(), scope, Clause.WINDOW);
    window(json.getWindowElement(), scope);
    return result.derived();
  }

  private Lineage jsonPart(Object part, Scope scope, Clause clause) {
    if (part == null || part instanceof String) {
      return Lineage.NONE;
    }
    if (part instanceof Expression) {
      return operand((Expression) part, scope, clause);
    }
    facts.notUnderstood(part);
    return Lineage.OPAQUE;
  }

  static boolean isParameter(Expression e) {
    return e instanceof JdbcParameter
        || e instanceof JdbcNamedParameter
        || e instanceof NumericBind;
  }

  private static boolean isLiteral(Expression e) {
    return e instanceof NullValue
        || e instanceof StringValue
        || e instanceof LongValue
        || e instanceof DoubleValue
        || e instanceof HexValue
        || e instanceof BooleanValue
        || e instanceof DateValue
        || e instanceof TimeValue
        || e instanceof TimestampValue
        || e instanceof DateTimeLiteralExpression
        || e instanceof TimeKeyExpression
        || e instanceof AllValue
        || e instanceof NextValExpression
        || e instanceof UserVariable
        || isParameter(e);
  }
}
