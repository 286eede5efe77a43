package io.phiguard.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Commit;
import net.sf.jsqlparser.statement.CreateFunctionalStatement;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.ResetStatement;
import net.sf.jsqlparser.statement.RollbackStatement;
import net.sf.jsqlparser.statement.SavepointStatement;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import net.sf.jsqlparser.statement.UseStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.analyze.Analyze;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.grant.Grant;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.show.ShowIndexStatement;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Classifies one parsed statement and walks it with the query, DML and expression walkers, then
 * runs the coverage check. The result is a {@link FactsCollector} holding facts and rewrite
 * bindings for this tree.
 */
final class StatementWalker {

  private final FactsCollector facts;
  private final QueryWalker queries;
  private final DmlWalker dml;
  private final ExpressionWalker expressions;

  /** The statement to deparse: replaced when a top-level {@code TABLE t} becomes a SELECT. */
  private Statement root;

  private StatementWalker(Catalog catalog, List<String> searchPath) {
    this.facts = new FactsCollector(catalog, searchPath);
    ColumnResolver resolver = new ColumnResolver(facts);
    this.expressions = new ExpressionWalker(facts, resolver);
    this.queries = new QueryWalker(facts, expressions);
    this.dml = new DmlWalker(facts, queries, expressions);
    expressions.queries(queries);
    queries.dml(dml);
  }

  /** The outcome of walking one tree. */
  static final class Walk {
    private final StatementWalker walker;

    private Walk(StatementWalker walker) {
      this.walker = walker;
    }

    FactsCollector facts() {
      return walker.facts;
    }

    /** The statement to deparse, read late: a rewrite may replace a top-level {@code TABLE t}. */
    Statement root() {
      return walker.root;
    }
  }

  static Walk walk(Statement statement, Catalog catalog, List<String> searchPath) {
    StatementWalker walker = new StatementWalker(catalog, searchPath);
    walker.root = statement;
    try {
      walker.statement(statement);
      TreeCoverage.check(statement, walker.facts);
    } catch (RuntimeException e) {
      // a walker bug must not let a statement through: it is simply not understood
      walker.facts.notUnderstood("walker-failure:" + e.getClass().getSimpleName());
    }
    return new Walk(walker);
  }

  private void statement(Statement statement) {
    facts.reach(statement);
    if (statement instanceof Select) {
      facts.kind = StatementKind.SELECT;
      facts.outputs = outputs(queries.walkSelect((Select) statement, null, s -> root = s));
    } else if (statement instanceof Insert) {
      Insert insert = (Insert) statement;
      boolean upsert =
          insert.getConflictAction() != null
              || (insert.getDuplicateUpdateSets() != null
                  && !insert.getDuplicateUpdateSets().isEmpty());
      facts.kind = upsert ? StatementKind.MERGE : StatementKind.INSERT;
      facts.outputs = outputs(dml.insert(insert, null, false));
    } else if (statement instanceof Update) {
      facts.kind = StatementKind.UPDATE;
      facts.outputs = outputs(dml.update((Update) statement, null, false));
    } else if (statement instanceof Delete) {
      facts.kind = StatementKind.DELETE;
      facts.outputs = outputs(dml.delete((Delete) statement, null, false));
    } else if (statement instanceof Merge) {
      facts.kind = StatementKind.MERGE;
      dml.merge((Merge) statement, null);
    } else if (statement instanceof Upsert) {
      facts.kind = StatementKind.MERGE;
      dml.upsert((Upsert) statement, null);
    } else if (statement instanceof ExplainStatement) {
      ExplainStatement explain = (ExplainStatement) statement;
      statement(explain.getStatement());
      facts.explain = true;
    } else if (!ddl(statement) && !utility(statement)) {
      facts.kind = StatementKind.OTHER;
      facts.notUnderstood(statement);
    }
  }

  private boolean ddl(Statement statement) {
    if (statement instanceof CreateTable) {
      CreateTable create = (CreateTable) statement;
      facts.kind = StatementKind.DDL;
      String target = Identifier.of(create.getTable().getName()).text();
      queries.writtenTable(create.getTable());
      if (create.getSelect() != null) {
        Lineage copied = Lineage.NONE;
        for (Relation.Col col : queries.walkSelect(create.getSelect(), null, null)) {
          copied = copied.union(col.lineage());
        }
        facts.sink(Sink.Kind.CREATE_TABLE_AS, target, copied);
      }
      if (create.getLikeTable() != null) {
        queries.fromItem(create.getLikeTable(), new Scope(null), null);
      }
      return true;
    }
    if (statement instanceof CreateView) {
      CreateView view = (CreateView) statement;
      facts.kind = StatementKind.DDL;
      queries.writtenTable(view.getView());
      facts.reach(view.getColumnNames());
      if (view.getColumnNames() != null) {
        view.getColumnNames().forEach(facts::reach);
      }
      Lineage copied = Lineage.NONE;
      for (Relation.Col col : queries.walkSelect(view.getSelect(), null, null)) {
        copied = copied.union(col.lineage());
      }
      facts.sink(Sink.Kind.CREATE_VIEW, Identifier.of(view.getView().getName()).text(), copied);
      return true;
    }
    List<Table> written = new ArrayList<>();
    if (statement instanceof AlterView) {
      facts.notUnderstood("alter-view");
      written.add(((AlterView) statement).getView());
    } else if (statement instanceof Drop) {
      written.add(((Drop) statement).getName());
    } else if (statement instanceof Truncate) {
      Truncate truncate = (Truncate) statement;
      if (truncate.getTables() != null) {
        written.addAll(truncate.getTables());
      } else {
        written.add(truncate.getTable());
      }
    } else if (statement instanceof Alter) {
      written.add(((Alter) statement).getTable());
    } else if (statement instanceof CreateIndex) {
      written.add(((CreateIndex) statement).getTable());
    } else if (statement instanceof Comment) {
      Comment comment = (Comment) statement;
      written.add(comment.getTable() != null ? comment.getTable() : comment.getView());
      facts.reach(comment.getColumn());
    } else if (statement instanceof RenameTableStatement) {
      for (Map.Entry<Table, Table> names : ((RenameTableStatement) statement).getTableNames()) {
        written.add(names.getKey());
        written.add(names.getValue());
      }
    } else if (statement instanceof CreateFunctionalStatement) {
      // a routine body is text the walkers never see
      facts.notUnderstood("routine-body");
    } else if (statement instanceof Grant) {
      facts.kind = StatementKind.DCL;
      return true;
    } else {
      return false;
    }
    facts.kind = StatementKind.DDL;
    for (Table table : written) {
      if (table != null && table.getName() != null) {
        queries.writtenTable(table);
      }
    }
    return true;
  }

  private boolean utility(Statement statement) {
    if (statement instanceof Execute) {
      Execute execute = (Execute) statement;
      facts.kind = StatementKind.CALL;
      facts.function(execute.getName());
      if (execute.getExprList() != null) {
        expressions.operand(execute.getExprList(), new Scope(null), Clause.OTHER);
      }
      return true;
    }
    facts.kind = StatementKind.UTILITY;
    if (statement instanceof SetStatement) {
      SetStatement set = (SetStatement) statement;
      for (int i = 0; i < set.getCount(); i++) {
        Object name = set.getName(i);
        facts.reach(name);
        facts.setting(String.valueOf(name));
        Lineage value = Lineage.NONE;
        for (Expression expression : set.getExpressions(i)) {
          value = value.union(expressions.operand(expression, new Scope(null), Clause.OTHER));
        }
        facts.sink(Sink.Kind.VARIABLE, String.valueOf(name), value);
      }
      return true;
    }
    if (statement instanceof UseStatement) {
      facts.setting("schema");
      return true;
    }
    if (statement instanceof ResetStatement) {
      facts.setting(((ResetStatement) statement).getName());
      return true;
    }
    if (statement instanceof DescribeStatement) {
      queries.namedTable(((DescribeStatement) statement).getTable(), TableUse.Access.READ);
      return true;
    }
    if (statement instanceof Analyze) {
      queries.namedTable(((Analyze) statement).getTable(), TableUse.Access.READ);
      return true;
    }
    if (statement instanceof ShowStatement
        || statement instanceof ShowColumnsStatement
        || statement instanceof ShowTablesStatement
        || statement instanceof ShowIndexStatement
        || (statement instanceof UnsupportedStatement
            && ShowStatements.isShow(statement.toString()))) {
      show(statement);
      return true;
    }
    return statement instanceof Commit
        || statement instanceof RollbackStatement
        || statement instanceof SavepointStatement;
  }

  /**
   * SHOW reads metadata, not rows, unless its LIKE/WHERE hides a query (MySQL evaluates {@code SHOW
   * TABLES WHERE (SELECT ssn …) LIKE '1%'}) or it prints statement text, which carries values.
   */
  private void show(Statement statement) {
    String text = statement.toString();
    if (AnalyzedStatement.mayHideAQuery(text)) {
      facts.notUnderstood("show-with-query");
      return;
    }
    TreeCoverage.reachAll(statement, facts);
    ShowStatements.statementTextSource(text)
        .ifPresent(source -> facts.unknownTable("server", source, TableUse.Access.READ));
  }

  private static List<OutputColumn> outputs(List<Relation.Col> columns) {
    List<OutputColumn> outputs = new ArrayList<>();
    for (Relation.Col column : columns) {
      outputs.add(column.lineage().toOutput(column.label()));
    }
    return outputs;
  }
}
