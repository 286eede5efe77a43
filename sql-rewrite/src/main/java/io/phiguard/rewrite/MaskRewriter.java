package io.phiguard.rewrite;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Masks at the table reference: every reference to a table with masked columns becomes an inline
 * view projecting all its columns, masked ones as type-preserving mask expressions under their own
 * names ({@code FROM patients p} → {@code FROM (SELECT id, <mask> AS ssn, … FROM patients) p}).
 * Whatever the statement builds on top — expressions, aggregates, JSON, {@code *}, whole rows —
 * then only sees masked values. RETURNING items over the changed table are masked in place.
 */
final class MaskRewriter {

  private final StatementWalker.Walk walk;
  private final FactsCollector facts;
  private final Map<ColumnRef, Mask> masks;
  private final MaskOptions options;
  private final Dialect dialect;
  private final List<RewriteProblem> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  /** Masked columns whose table reference was actually replaced or masked in RETURNING. */
  private final Map<ColumnRef, Mask> applied = new LinkedHashMap<>();

  /** Masked columns whose writes keep the stored value where the masked rendering is written. */
  private final Set<ColumnRef> kept = new TreeSet<>();

  /** Caller parameter index to its occurrences in the rewrite, where a keep repeated it. */
  private final Map<Integer, Integer> copies = new TreeMap<>();

  private boolean changed;

  private MaskRewriter(StatementWalker.Walk walk, Map<ColumnRef, Mask> masks, MaskOptions options) {
    this.walk = walk;
    this.facts = walk.facts();
    this.masks = masks;
    this.options = options;
    this.dialect = facts.catalog.dialect();
  }

  /** Applies {@code masks} to the walked tree (mutating it) and returns the outcome. */
  static RewriteResult rewrite(
      StatementWalker.Walk walk, Map<ColumnRef, Mask> masks, MaskOptions options) {
    MaskRewriter rewriter = new MaskRewriter(walk, masks, options);
    // before the table references move into inline views: both read the bindings as written
    rewriter.changed |=
        new RawEqualityRewriter(rewriter.facts, masks, options, rewriter.problems).rewrite();
    new KeepOnWriteRewriter(
            rewriter.facts,
            masks,
            options,
            rewriter.problems,
            rewriter.warnings,
            rewriter.kept,
            rewriter.copies)
        .rewrite();
    rewriter.changed |= !rewriter.kept.isEmpty();
    rewriter.tableReferences();
    rewriter.returning();
    return rewriter.result();
  }

  private void tableReferences() {
    Map<TableBinding, Boolean> done = new IdentityHashMap<>();
    for (TableBinding binding : facts.bindings) {
      if (done.put(binding, Boolean.TRUE) != null || !hasMasks(binding.def) || binding.dmlTarget) {
        continue;
      }
      if (binding.slot == null) {
        problems.add(
            new RewriteProblem(
                RewriteProblem.Code.UNMASKABLE_REFERENCE, binding.def.qualifiedName()));
        continue;
      }
      String exposed = binding.exposedName();
      binding.slot.accept(inlineView(binding));
      changed = true;
      // "public.patients.ssn" would no longer resolve: the view is named "patients"
      facts.qualifiedColumns.forEach(
          (column, owner) -> {
            if (owner == binding) {
              column.setTable(new Table(exposed));
            }
          });
      if (facts.locking && dialect != Dialect.POSTGRESQL) {
        // MySQL, MariaDB and H2 do not lock base rows of a derived table from an outer clause
        problems.add(
            new RewriteProblem(RewriteProblem.Code.LOCKING_CLAUSE, binding.def.qualifiedName()));
      }
    }
  }

  private boolean hasMasks(TableDef def) {
    for (ColumnDef column : def.columns()) {
      if (masks.containsKey(def.ref(column))) {
        return true;
      }
    }
    return false;
  }

  private ParenthesedSelect inlineView(TableBinding binding) {
    StringBuilder sql = new StringBuilder("SELECT ");
    List<ColumnDef> columns = binding.def.columns();
    for (int i = 0; i < columns.size(); i++) {
      ColumnDef column = columns.get(i);
      ColumnRef ref = binding.def.ref(column);
      String name = Quoting.identifier(dialect, column.name());
      Mask mask = masks.get(ref);
      if (i > 0) {
        sql.append(", ");
      }
      if (mask == null) {
        sql.append(name);
        continue;
      }
      applied.put(ref, mask);
      if (mask.kind().inSql()) {
        sql.append(MaskSql.expression(dialect, column, name, mask, warnings))
            .append(" AS ")
            .append(name);
      } else {
        // hash and detect run in the result set: the raw value must reach it, bare
        sql.append(name);
      }
    }
    sql.append(" FROM t");
    PlainSelect inner = (PlainSelect) parseOwn(sql.toString());
    Table table = binding.table;
    Alias alias = table.getAlias();
    table.setAlias(null);
    inner.setFromItem(table);
    ParenthesedSelect view = new ParenthesedSelect();
    view.setSelect(inner);
    view.setAlias(alias != null ? alias : new Alias(table.getName(), false));
    return view;
  }

  private void returning() {
    for (ReturningTarget target : facts.returningTargets) {
      if (target.target() != null && hasMasks(target.target().def)) {
        returning(target);
      }
    }
  }

  private void returning(ReturningTarget target) {
    TableDef def = target.target().def;
    List<SelectItem<?>> items = target.items();
    List<Relation.Col> outputs = target.outputs();
    List<SelectItem<?>> rewritten = new ArrayList<>();
    int output = 0;
    for (SelectItem<?> item : items) {
      Expression expression = item.getExpression();
      if (expression instanceof AllColumns) {
        if (outputs.size() != def.columns().size() || items.size() != 1) {
          // RETURNING * over several tables (UPDATE … FROM): no exact expansion here
          problems.add(new RewriteProblem(RewriteProblem.Code.RETURNING_EXPRESSION, "*"));
          return;
        }
        for (ColumnDef column : def.columns()) {
          rewritten.add(returningItem(def, column, null));
        }
        output += def.columns().size();
        continue;
      }
      Set<ColumnRef> reads =
          output < outputs.size() ? outputs.get(output).lineage().columns() : Set.of();
      output++;
      ColumnDef bare = bareTargetColumn(def, expression);
      if (bare != null && reads.equals(Set.of(def.ref(bare)))) {
        rewritten.add(returningItem(def, bare, item.getAlias()));
        continue;
      }
      for (ColumnRef read : reads) {
        if (masks.containsKey(read)) {
          problems.add(
              new RewriteProblem(RewriteProblem.Code.RETURNING_EXPRESSION, read.shortName()));
        }
      }
      rewritten.add(item);
    }
    items.clear();
    items.addAll(rewritten);
  }

  private SelectItem<?> returningItem(TableDef def, ColumnDef column, Alias alias) {
    ColumnRef ref = def.ref(column);
    Mask mask = masks.get(ref);
    String name = Quoting.identifier(dialect, column.name());
    if (mask == null || !mask.kind().inSql()) {
      if (mask != null) {
        applied.put(ref, mask);
      }
      return SelectItem.from(parseExpression(name), alias);
    }
    applied.put(ref, mask);
    changed = true;
    Expression masked = parseExpression(MaskSql.expression(dialect, column, name, mask, warnings));
    return SelectItem.from(masked, alias != null ? alias : new Alias(name, true));
  }

  private ColumnDef bareTargetColumn(TableDef def, Expression expression) {
    if (!(expression instanceof Column)) {
      return null;
    }
    Column column = (Column) expression;
    String key = facts.columnKey(column.getColumnName());
    return def.column(key, facts.rules).orElse(null);
  }

  private RewriteResult result() {
    List<PostProcessColumn> postProcess = new ArrayList<>();
    Set<ColumnRef> maskedInResult = new TreeSet<>();
    List<OutputColumn> outputs = facts.outputs;
    boolean opaqueOutputs = outputs.stream().anyMatch(o -> o.label() == null && o.opaque());
    for (int i = 0; i < outputs.size(); i++) {
      OutputColumn output = outputs.get(i);
      for (ColumnRef source : output.lineage()) {
        Mask mask = applied.get(source);
        if (mask == null) {
          continue;
        }
        if (mask.kind().inSql()) {
          maskedInResult.add(source);
        } else if (output.bare() && output.lineage().size() == 1 && !opaqueOutputs) {
          postProcess.add(new PostProcessColumn(i + 1, output.label(), source, mask));
        } else {
          postProcessedInExpression(source);
        }
      }
    }
    for (ColumnUse use : facts.build(List.of()).uses()) {
      Mask mask = applied.get(use.column());
      if (mask != null && !mask.kind().inSql() && (use.clause() != Clause.OUTPUT || !use.bare())) {
        postProcessedInExpression(use.column());
      }
    }
    for (Sink sink : facts.build(List.of()).sinks()) {
      for (ColumnRef source : sink.sources()) {
        Mask mask = applied.get(source);
        if (mask != null && !mask.kind().inSql()) {
          postProcessedInExpression(source);
        }
      }
    }
    String sql = walk.root().toString();
    return new RewriteResult(
        sql,
        changed,
        maskedInResult,
        postProcess,
        problems,
        warnings,
        kept,
        ParameterMap.of(copies));
  }

  private void postProcessedInExpression(ColumnRef column) {
    RewriteProblem problem =
        new RewriteProblem(RewriteProblem.Code.POST_PROCESSED_IN_EXPRESSION, column.shortName());
    if (!problems.contains(problem)) {
      problems.add(problem);
    }
  }

  /** Parses SQL PhiGuard generated itself (bounded, no user text) on the calling thread. */
  static net.sf.jsqlparser.statement.Statement parseOwn(String sql) {
    try {
      return CCJSqlParserUtil.newParser(sql).Statement();
    } catch (ParseException e) {
      throw new IllegalStateException("generated mask SQL does not parse", e);
    }
  }

  static Expression parseExpression(String sql) {
    try {
      return CCJSqlParserUtil.parseExpression(sql, false);
    } catch (JSQLParserException e) {
      throw new IllegalStateException("generated mask SQL does not parse", e);
    }
  }
}
