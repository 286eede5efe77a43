package io.phiguard.rewrite;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * {@code on-masked-write: keep}: a masked identity's assignment to a masked column keeps the stored
 * value when the written value is exactly the masked rendering of it, e.g. an ORM saving back every
 * column of an entity it read masked. {@code SET ssn = ?} becomes {@code SET ssn = CASE WHEN ? IS
 * NOT DISTINCT FROM <mask(ssn)> THEN ssn ELSE ? END}, with the mask SQL of the read path ({@link
 * MaskSql}) and null-safe equality ({@code <=>} on MySQL/MariaDB); the parameter is repeated in
 * place and recorded for the driver's parameter map. Only values that can be repeated exactly are
 * accepted: a parameter, a literal (or a CAST of one), the proposed row's value ({@code
 * EXCLUDED.col}, {@code VALUES(col)}); anything else is a problem, as is a statement that replaces
 * whole rows (REPLACE, UPSERT, H2 MERGE … KEY). A fresh INSERT's values are written as given: there
 * is no stored value to protect.
 */
final class KeepOnWriteRewriter {

  private final FactsCollector facts;
  private final Map<ColumnRef, Mask> masks;
  private final MaskOptions options;
  private final List<RewriteProblem> problems;
  private final List<String> warnings;
  private final Set<ColumnRef> kept;
  private final Map<Integer, Integer> copies;
  private final Dialect dialect;

  KeepOnWriteRewriter(
      FactsCollector facts,
      Map<ColumnRef, Mask> masks,
      MaskOptions options,
      List<RewriteProblem> problems,
      List<String> warnings,
      Set<ColumnRef> kept,
      Map<Integer, Integer> copies) {
    this.facts = facts;
    this.masks = masks;
    this.options = options;
    this.problems = problems;
    this.warnings = warnings;
    this.kept = kept;
    this.copies = copies;
    this.dialect = facts.catalog.dialect();
  }

  void rewrite() {
    for (ColumnRef column : facts.rowReplacingWrites) {
      if (keeps(column)) {
        problem(column);
      }
    }
    for (AssignmentSite site : facts.assignmentSites) {
      for (UpdateSet set : site.sets()) {
        rewrite(site, set);
      }
    }
  }

  private boolean keeps(ColumnRef column) {
    return masks.containsKey(column) && options.keepOnWrite().contains(column);
  }

  @SuppressWarnings("unchecked")
  private void rewrite(AssignmentSite site, UpdateSet set) {
    ExpressionList<Column> columns = set.getColumns();
    ExpressionList<Expression> values = (ExpressionList<Expression>) set.getValues();
    for (int i = 0; i < columns.size(); i++) {
      Optional<ColumnDef> def =
          site.def().column(facts.columnKey(columns.get(i).getColumnName()), facts.rules);
      if (def.isEmpty()) {
        continue;
      }
      ColumnRef ref = site.def().ref(def.get());
      if (!keeps(ref)) {
        // a refused column never gets here: the policy denied the statement already
        continue;
      }
      Mask mask = masks.get(ref);
      String value =
          values.size() == columns.size() && mask.kind().inSql()
              ? repeatable(values.get(i), site)
              : null;
      if (value == null) {
        problem(ref);
        continue;
      }
      String name = Quoting.identifier(dialect, def.get().name());
      String stored = site.qualifier() == null ? name : site.qualifier() + "." + name;
      String masked = MaskSql.expression(dialect, def.get(), stored, mask, warnings);
      String equal = dialect.backtickQuotes() ? " <=> " : " IS NOT DISTINCT FROM ";
      values.set(
          i,
          MaskRewriter.parseExpression(
              "CASE WHEN "
                  + value
                  + equal
                  + masked
                  + " THEN "
                  + stored
                  + " ELSE "
                  + value
                  + " END"));
      kept.add(ref);
    }
  }

  /** The value's SQL text if it can be written twice with the same meaning, else null. */
  private String repeatable(Expression value, AssignmentSite site) {
    if (value instanceof JdbcParameter parameter) {
      if (parameter.isUseFixedIndex() || parameter.getIndex() == null) {
        return null;
      }
      // written twice in place (WHEN and ELSE): the driver binds the caller's index to both
      copies.merge(parameter.getIndex(), 2, (a, b) -> a + 1);
      return "?";
    }
    if (isLiteral(value)) {
      return value.toString();
    }
    if (value instanceof CastExpression cast
        && (isLiteral(cast.getLeftExpression())
            || cast.getLeftExpression() instanceof JdbcParameter)) {
      String inner = repeatable(cast.getLeftExpression(), site);
      return inner == null ? null : cast.toString();
    }
    if (site.kind() == AssignmentSite.Kind.ON_CONFLICT
        && value instanceof Column column
        && column.getTable() != null
        && column.getTable().getSchemaName() == null
        && "excluded"
            .equals(String.valueOf(column.getTable().getName()).toLowerCase(Locale.ROOT))) {
      return value.toString();
    }
    if (site.kind() == AssignmentSite.Kind.DUPLICATE_KEY
        && value instanceof Function function
        && "values".equalsIgnoreCase(function.getName())
        && function.getParameters() != null
        && function.getParameters().size() == 1
        && function.getParameters().get(0) instanceof Column) {
      return value.toString();
    }
    return null;
  }

  private static boolean isLiteral(Expression e) {
    return e instanceof StringValue
        || e instanceof LongValue
        || e instanceof DoubleValue
        || e instanceof NullValue
        || e instanceof HexValue
        || e instanceof DateValue
        || e instanceof TimeValue
        || e instanceof TimestampValue
        || e instanceof DateTimeLiteralExpression;
  }

  private void problem(ColumnRef column) {
    RewriteProblem problem =
        new RewriteProblem(RewriteProblem.Code.KEEP_NOT_REWRITABLE, column.shortName());
    if (!problems.contains(problem)) {
      problems.add(problem);
    }
  }
}
