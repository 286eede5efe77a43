package io.phiguard.rewrite;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One analysed statement: its {@link StatementFacts}, its canonical SQL (the deparsed tree that was
 * analysed, which is what runs), and {@link #rewrite(Map)} to mask it for one identity. Immutable
 * and safe to cache; each rewrite works on a fresh tree.
 */
public final class AnalyzedStatement {

  private final String canonicalSql;
  private final String leadingKeyword;
  private final StatementFacts facts;
  private final SqlAnalyzer analyzer;

  private AnalyzedStatement(
      String canonicalSql, String leadingKeyword, StatementFacts facts, SqlAnalyzer analyzer) {
    this.canonicalSql = canonicalSql;
    this.leadingKeyword = leadingKeyword;
    this.facts = facts;
    this.analyzer = analyzer;
  }

  static AnalyzedStatement analyze(StatementSplitter.Piece piece, SqlAnalyzer analyzer) {
    Dialect dialect = analyzer.catalog().dialect();
    SqlParser.Outcome outcome = SqlParser.parse(piece.text(), dialect, analyzer.parseTimeout());
    if (!outcome.parsed()) {
      return new AnalyzedStatement(
          null,
          mayHideAQuery(piece.text())
                  || ShowStatements.statementTextSource(piece.text()).isPresent()
              ? ""
              : SqlKeywords.leading(piece.text()),
          StatementFacts.unanalysable(outcome.failure(), piece.differentials()),
          analyzer);
    }
    String canonical;
    StatementWalker.Walk walk;
    try {
      canonical = outcome.statement().toString();
      walk = StatementWalker.walk(outcome.statement(), analyzer.catalog(), analyzer.searchPath());
      // execute what was analysed: the deparsed text must parse back to the same text
      SqlParser.Outcome again = SqlParser.parse(canonical, dialect, analyzer.parseTimeout());
      if (!again.parsed() || !canonical.equals(again.statement().toString())) {
        walk.facts().notUnderstood("deparse-unstable");
      }
    } catch (RuntimeException e) {
      // JSqlParser cannot print every tree it builds (GRANT ON t TO u has no privileges: NPE in
      // Grant.toString); such a statement is unanalysable, never an exception out of the gate
      return new AnalyzedStatement(
          null,
          "",
          StatementFacts.unanalysable(
              "deparse-failure:" + e.getClass().getSimpleName(), piece.differentials()),
          analyzer);
    }
    return new AnalyzedStatement(
        canonical,
        SqlKeywords.leading(piece.text()),
        walk.facts().build(piece.differentials()),
        analyzer);
  }

  /**
   * The statement's first word, lower-cased, after white space and ordinary comments; empty when it
   * starts with an executable comment ({@code /*! … * /}) or no word. Kept for statements that do
   * not parse, so a short allow-list of harmless ones (COMMIT, SHOW …) can still run; it is never
   * SQL text with values. For a statement that did not parse it is also empty when the text could
   * hide a query behind a harmless first word: MySQL and MariaDB evaluate subqueries in {@code SHOW
   * … WHERE (SELECT ssn …) LIKE '1%'}, and MariaDB runs {@code BEGIN NOT ATOMIC SELECT ssn …; END}
   * as one compound statement.
   */
  public String leadingKeyword() {
    return leadingKeyword;
  }

  /** Words that start or make a query or a block inside an otherwise harmless statement. */
  private static final java.util.regex.Pattern QUERY_WORD =
      java.util.regex.Pattern.compile(
          "(?i)\\b(select|insert|update|delete|merge|replace|call|execute|atomic|handler|prepare"
              + "|declare|copy|load)\\b");

  /**
   * Whether unparsed text may contain a query: a parenthesis (every subquery needs one), an
   * executable comment, or a query or block keyword anywhere, comments and literals included (over
   * blocking is the safe side for text nobody could parse).
   */
  static boolean mayHideAQuery(String text) {
    return text.indexOf('(') >= 0
        || text.contains("/*!")
        || text.contains("/*M!")
        || QUERY_WORD.matcher(text).find();
  }

  /** Whether the statement parsed; when not, {@link #facts()} says why and nothing else. */
  public boolean parsed() {
    return canonicalSql != null;
  }

  public StatementFacts facts() {
    return facts;
  }

  /**
   * The deparsed statement, i.e. what the database runs when no mask applies; null when it did not
   * parse.
   */
  public String sql() {
    return canonicalSql;
  }

  /**
   * Rewrites the statement so that every column in {@code masks} is masked wherever its table is
   * read. With no applicable mask the result is {@link #sql()} unchanged. Problems in the result
   * mean the rewrite must not run for this identity.
   *
   * @param masks the identity's masks by catalog column (build them with {@link
   *     TableDef#ref(ColumnDef)})
   */
  public RewriteResult rewrite(Map<ColumnRef, Mask> masks) {
    return rewrite(masks, MaskOptions.none());
  }

  /**
   * As {@link #rewrite(Map)}, with the policy's exceptions: writes of {@code keepOnWrite} columns
   * keep the stored value where the written value is its masked rendering, and {@code col = ?}
   * predicates on {@code rawEquality} columns test the raw value.
   */
  public RewriteResult rewrite(Map<ColumnRef, Mask> masks, MaskOptions options) {
    Objects.requireNonNull(masks, "masks");
    Objects.requireNonNull(options, "options");
    if (!parsed()) {
      return failed(
          new RewriteProblem(RewriteProblem.Code.CANNOT_ANALYSE, facts.notUnderstood().get(0)));
    }
    if (!masks.isEmpty() && !facts.differentials().isEmpty()) {
      return failed(
          new RewriteProblem(
              RewriteProblem.Code.PARSER_DIFFERENTIAL, facts.differentials().get(0)));
    }
    if (!masks.isEmpty() && !facts.fullyAnalysed()) {
      return failed(
          new RewriteProblem(RewriteProblem.Code.NOT_FULLY_ANALYSED, facts.notUnderstood().get(0)));
    }
    Dialect dialect = analyzer.catalog().dialect();
    SqlParser.Outcome fresh = SqlParser.parse(canonicalSql, dialect, analyzer.parseTimeout());
    if (!fresh.parsed()) {
      return failed(new RewriteProblem(RewriteProblem.Code.CANNOT_ANALYSE, fresh.failure()));
    }
    StatementWalker.Walk walk =
        StatementWalker.walk(fresh.statement(), analyzer.catalog(), analyzer.searchPath());
    RewriteResult result;
    try {
      result = MaskRewriter.rewrite(walk, masks, options);
    } catch (RuntimeException e) {
      return failed(
          new RewriteProblem(
              RewriteProblem.Code.NOT_FULLY_ANALYSED,
              "rewrite-failure:" + e.getClass().getSimpleName()));
    }
    if (result.changed()) {
      SqlParser.Outcome check = SqlParser.parse(result.sql(), dialect, analyzer.parseTimeout());
      if (!check.parsed() || !result.sql().equals(check.statement().toString())) {
        return failed(new RewriteProblem(RewriteProblem.Code.DEPARSE_UNSTABLE, "rewritten"));
      }
    }
    return result;
  }

  private RewriteResult failed(RewriteProblem problem) {
    return new RewriteResult(
        null,
        false,
        java.util.Set.of(),
        List.of(),
        List.of(problem),
        List.of(),
        java.util.Set.of(),
        ParameterMap.identity());
  }

  @Override
  public String toString() {
    return "AnalyzedStatement[" + facts + "]";
  }
}
