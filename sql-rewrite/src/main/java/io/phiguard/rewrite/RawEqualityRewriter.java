package io.phiguard.rewrite;

import io.phiguard.rewrite.NameRules.NameKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Makes a sanctioned {@code p.mrn = ?} ({@code filter: equality-with-parameter}) test the raw
 * column while {@code p} stays a masking view: it becomes {@code p.id = ANY (SELECT id FROM
 * patients WHERE mrn = ?)}, by the table's single-column primary key.
 *
 * <p>Why this shape: the caller's parameter stays in place (same order, same count), so no
 * parameter map is needed; the inline view and every output keep their masks; and in a positive
 * position (under AND/OR only, which the walker guarantees) the two are equivalent: where {@code
 * mrn = ?} is NULL the subquery test is FALSE, and a WHERE or ON rejects both. Under NOT they would
 * differ, which is one reason NOT is not sanctioned. A predicate on the changed table of an UPDATE,
 * DELETE or MERGE needs nothing: that table is never masked, the column is read raw already.
 */
final class RawEqualityRewriter {

  private final FactsCollector facts;
  private final Map<ColumnRef, Mask> masks;
  private final MaskOptions options;
  private final List<RewriteProblem> problems;

  RawEqualityRewriter(
      FactsCollector facts,
      Map<ColumnRef, Mask> masks,
      MaskOptions options,
      List<RewriteProblem> problems) {
    this.facts = facts;
    this.masks = masks;
    this.options = options;
    this.problems = problems;
  }

  /** Rewrites every sanctioned equality; returns whether the tree changed. */
  boolean rewrite() {
    boolean changed = false;
    for (RawEquality equality : facts.rawEqualities) {
      ColumnRef column = equality.column();
      if (!masks.containsKey(column) || !options.rawEquality().contains(column)) {
        continue;
      }
      TableBinding binding = equality.binding();
      if (binding == null) {
        // through a derived table or CTE the column is already masked inside: comparing it would
        // test the masked value, and PhiGuard will not guess how to reach the raw one
        problem(column);
        continue;
      }
      if (binding.dmlTarget) {
        continue;
      }
      Optional<ColumnDef> key = primaryKey(binding.def);
      Optional<ColumnDef> tested =
          binding.def.column(facts.rules.storedKey(column.column(), NameKind.COLUMN), facts.rules);
      if (key.isEmpty() || tested.isEmpty() || masks.containsKey(binding.def.ref(key.get()))) {
        problem(column);
        continue;
      }
      replace(equality, binding, key.get(), tested.get());
      changed = true;
    }
    return changed;
  }

  private Optional<ColumnDef> primaryKey(TableDef def) {
    if (def.primaryKey().size() != 1) {
      return Optional.empty();
    }
    return def.column(facts.rules.storedKey(def.primaryKey().get(0), NameKind.COLUMN), facts.rules);
  }

  private void replace(
      RawEquality equality, TableBinding binding, ColumnDef key, ColumnDef tested) {
    Dialect dialect = facts.catalog.dialect();
    String keyName = Quoting.identifier(dialect, key.name());
    // the table as the statement wrote it: it resolved to this catalog table there
    EqualsTo generated =
        (EqualsTo)
            MaskRewriter.parseExpression(
                new Column(new Table(binding.exposedName()), keyName)
                    + " = ANY (SELECT "
                    + keyName
                    + " FROM "
                    + binding.table.getFullyQualifiedName()
                    + " WHERE "
                    + Quoting.identifier(dialect, tested.name())
                    + " = ?)");
    AnyComparisonExpression any = (AnyComparisonExpression) generated.getRightExpression();
    Select select = any.getSelect();
    PlainSelect inner =
        select instanceof ParenthesedSelect parenthesed
            ? parenthesed.getPlainSelect()
            : (PlainSelect) select;
    EqualsTo node = equality.node();
    Expression parameter =
        equality.columnLeft() ? node.getRightExpression() : node.getLeftExpression();
    // the caller's own parameter object: same place in the parameter order
    ((EqualsTo) inner.getWhere()).setRightExpression(parameter);
    node.setLeftExpression(generated.getLeftExpression());
    node.setRightExpression(any);
  }

  private void problem(ColumnRef column) {
    RewriteProblem problem =
        new RewriteProblem(RewriteProblem.Code.RAW_EQUALITY_NOT_REWRITABLE, column.shortName());
    if (!problems.contains(problem)) {
      problems.add(problem);
    }
  }
}
