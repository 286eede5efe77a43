package io.phiguard.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The analysis of one SQL string: one {@link AnalyzedStatement} per statement, in order. */
public final class Analysis {

  private final List<AnalyzedStatement> statements;

  Analysis(List<AnalyzedStatement> statements) {
    this.statements = List.copyOf(statements);
  }

  /** The statements; empty for a string of blanks and comments. */
  public List<AnalyzedStatement> statements() {
    return statements;
  }

  /** Whether the string holds more than one statement. */
  public boolean multiStatement() {
    return statements.size() > 1;
  }

  /** Whether every statement parsed and was fully analysed, with no parser/server differential. */
  public boolean fullyAnalysed() {
    return statements.stream()
        .allMatch(
            s -> s.parsed() && s.facts().fullyAnalysed() && s.facts().differentials().isEmpty());
  }

  /**
   * Rewrites every statement for {@code masks} and joins the results with {@code ";\n"}; the
   * results per statement carry the details.
   */
  public List<RewriteResult> rewrite(Map<ColumnRef, Mask> masks) {
    List<RewriteResult> results = new ArrayList<>();
    for (AnalyzedStatement statement : statements) {
      results.add(statement.rewrite(masks));
    }
    return results;
  }

  /** The SQL text of several rewrite results, as one string for the delegate. */
  public static String join(List<RewriteResult> results) {
    StringBuilder sql = new StringBuilder();
    for (RewriteResult result : results) {
      if (sql.length() > 0) {
        sql.append(";\n");
      }
      sql.append(result.sql());
    }
    return sql.toString();
  }
}
