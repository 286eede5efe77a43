package io.phiguard.rewrite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The entry point of SQL analysis: splits a string into statements, parses each on a shared,
 * bounded executor with a deadline, walks it against the {@link Catalog}, and returns {@link
 * StatementFacts} and a handle to rewrite it. Thread-safe and immutable; one per datasource and
 * catalog version.
 *
 * <pre>{@code
 * SqlAnalyzer analyzer = SqlAnalyzer.of(catalog, List.of("public"));
 * Analysis analysis = analyzer.analyze(sql);
 * for (AnalyzedStatement statement : analysis.statements()) {
 *   StatementFacts facts = statement.facts();          // policy decides on these
 *   RewriteResult masked = statement.rewrite(masks);    // SQL to send for a masked identity
 * }
 * }</pre>
 */
public final class SqlAnalyzer {

  /** The default parse deadline per statement. */
  public static final Duration DEFAULT_PARSE_TIMEOUT = Duration.ofSeconds(2);

  private final Catalog catalog;
  private final List<String> searchPath;
  private final Duration parseTimeout;

  private SqlAnalyzer(Catalog catalog, List<String> searchPath, Duration parseTimeout) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.searchPath = List.copyOf(searchPath);
    this.parseTimeout = Objects.requireNonNull(parseTimeout, "parseTimeout");
  }

  /**
   * An analyzer for {@code catalog}.
   *
   * @param searchPath schemas as stored, tried in order for unqualified table names (PostgreSQL's
   *     {@code search_path}, H2's current schema, MySQL's current database)
   */
  public static SqlAnalyzer of(Catalog catalog, List<String> searchPath) {
    return new SqlAnalyzer(catalog, searchPath, DEFAULT_PARSE_TIMEOUT);
  }

  /** The same analyzer with another parse deadline per statement. */
  public SqlAnalyzer withParseTimeout(Duration timeout) {
    return new SqlAnalyzer(catalog, searchPath, timeout);
  }

  public Catalog catalog() {
    return catalog;
  }

  public List<String> searchPath() {
    return searchPath;
  }

  /**
   * Analyses every statement of {@code sql} (already expanded from JDBC escapes). Never throws for
   * bad SQL: a statement that cannot be parsed comes back with {@link AnalyzedStatement#parsed()}
   * false and a reason free of SQL text.
   */
  public Analysis analyze(String sql) {
    Objects.requireNonNull(sql, "sql");
    List<AnalyzedStatement> statements = new ArrayList<>();
    for (StatementSplitter.Piece piece : StatementSplitter.split(sql, catalog.dialect())) {
      statements.add(AnalyzedStatement.analyze(piece, this));
    }
    return new Analysis(statements);
  }

  Duration parseTimeout() {
    return parseTimeout;
  }
}
