package io.phiguard.rewrite;

import java.util.Set;

/**
 * A place a statement copies data to: an export when {@link #sources()} holds protected columns.
 *
 * @param kind how the data is copied
 * @param target the receiving table or variable as written, null for a file or unnamed target
 * @param sources the catalog columns whose values are copied
 */
public record Sink(Kind kind, String target, Set<ColumnRef> sources) {

  public Sink {
    sources = Set.copyOf(sources);
  }

  /** How data leaves the statement. */
  public enum Kind {
    INSERT_SELECT,
    /** Values written by UPDATE SET, MERGE or an upsert that read other columns. */
    ASSIGNMENT,
    CREATE_TABLE_AS,
    CREATE_VIEW,
    SELECT_INTO,
    /** A data-modifying statement inside {@code WITH}. */
    WRITABLE_CTE,
    /** A session variable ({@code @x := …}, {@code SELECT … INTO @x}). */
    VARIABLE
  }
}
