package io.phiguard.rewrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one statement does, in PhiGuard's own terms (no parser types): its kind, the relations it
 * names, the columns it reads and where, what it outputs and from which columns, what it writes and
 * copies, the functions it calls, and anything the analysis did not understand.
 *
 * <p>Facts are only as good as {@link #fullyAnalysed()}: when it is false, some construct was not
 * walked and the other lists may be incomplete; a caller must then fail closed. Immutable.
 */
public final class StatementFacts {

  private final StatementKind kind;
  private final boolean explain;
  private final List<TableUse> tables;
  private final List<OutputColumn> outputs;
  private final List<ColumnUse> uses;
  private final Set<ColumnRef> written;
  private final List<Sink> sinks;
  private final Set<String> functions;
  private final List<String> notUnderstood;
  private final List<String> differentials;
  private final List<String> sessionSettings;
  private final boolean lockingClause;
  private final boolean returning;
  private final boolean unboundedWrite;
  private final long resultLimit;

  StatementFacts(
      StatementKind kind,
      boolean explain,
      List<TableUse> tables,
      List<OutputColumn> outputs,
      List<ColumnUse> uses,
      Set<ColumnRef> written,
      List<Sink> sinks,
      Set<String> functions,
      List<String> notUnderstood,
      List<String> differentials,
      List<String> sessionSettings,
      boolean lockingClause,
      boolean returning,
      boolean unboundedWrite,
      long resultLimit) {
    this.kind = kind;
    this.explain = explain;
    this.tables = List.copyOf(tables);
    this.outputs = List.copyOf(outputs);
    this.uses = List.copyOf(uses);
    this.written = Collections.unmodifiableSet(new TreeSet<>(written));
    this.sinks = List.copyOf(sinks);
    this.functions = Collections.unmodifiableSet(new TreeSet<>(functions));
    this.notUnderstood = List.copyOf(notUnderstood);
    this.differentials = List.copyOf(differentials);
    this.sessionSettings = List.copyOf(sessionSettings);
    this.lockingClause = lockingClause;
    this.returning = returning;
    this.unboundedWrite = unboundedWrite;
    this.resultLimit = resultLimit;
  }

  /** Facts of a statement that could not be analysed at all. */
  static StatementFacts unanalysable(String reason, List<String> differentials) {
    return new StatementFacts(
        StatementKind.OTHER,
        false,
        List.of(),
        List.of(),
        List.of(),
        Set.of(),
        List.of(),
        Set.of(),
        List.of(reason),
        differentials,
        List.of(),
        false,
        false,
        false,
        -1);
  }

  public StatementKind kind() {
    return kind;
  }

  /** Whether the statement is an {@code EXPLAIN} of the statement these facts describe. */
  public boolean explain() {
    return explain;
  }

  /** Every relation named, in order of appearance, each once per access. */
  public List<TableUse> tables() {
    return tables;
  }

  /** The relations the catalog does not know (unknown views, other schemas, typos). */
  public List<TableUse> unknownTables() {
    return tables.stream().filter(t -> !t.known()).collect(Collectors.toUnmodifiableList());
  }

  /**
   * The result columns: the select list of a query, or the {@code RETURNING} list of a
   * data-changing statement; empty for other statements.
   */
  public List<OutputColumn> outputs() {
    return outputs;
  }

  /** Every read of a catalog column, each distinct read once. */
  public List<ColumnUse> uses() {
    return uses;
  }

  /** The reads in predicate and ordering clauses: candidates for oracle control. */
  public List<ColumnUse> predicateUses() {
    return uses.stream()
        .filter(u -> u.clause().isPredicate())
        .collect(Collectors.toUnmodifiableList());
  }

  /** Every catalog column read anywhere (outputs, predicates, assignments …). */
  public Set<ColumnRef> columnsRead() {
    Set<ColumnRef> read = new TreeSet<>();
    uses.forEach(u -> read.add(u.column()));
    outputs.forEach(o -> read.addAll(o.lineage()));
    return Collections.unmodifiableSet(read);
  }

  /** Columns the statement writes (INSERT column lists, SET targets, MERGE actions). */
  public Set<ColumnRef> written() {
    return written;
  }

  /** Places data is copied to. */
  public List<Sink> sinks() {
    return sinks;
  }

  /** Functions and routines called, lower-cased, qualified as written. */
  public Set<String> functions() {
    return functions;
  }

  /** Whether every construct of the statement was walked and every name resolved. */
  public boolean fullyAnalysed() {
    return notUnderstood.isEmpty();
  }

  /**
   * Why the statement is not fully analysed: construct class names and resolution failures, never
   * SQL text or literals.
   */
  public List<String> notUnderstood() {
    return notUnderstood;
  }

  /**
   * Places where the server may read the text differently from the parser (MySQL executable
   * comments); a masked identity's statement with any must be denied.
   */
  public List<String> differentials() {
    return differentials;
  }

  /** Session parameters a SET, USE or similar statement changes, lower-cased. */
  public List<String> sessionSettings() {
    return sessionSettings;
  }

  /** Whether the statement has a row-locking clause ({@code FOR UPDATE}, {@code FOR SHARE} …). */
  public boolean lockingClause() {
    return lockingClause;
  }

  /** Whether a data-changing statement returns rows ({@code RETURNING}). */
  public boolean returning() {
    return returning;
  }

  /** Whether it is an UPDATE or DELETE without WHERE or LIMIT: it changes every row. */
  public boolean unboundedWrite() {
    return unboundedWrite;
  }

  /**
   * The row count a query's own outermost {@code LIMIT n} or {@code FETCH FIRST n ROWS} literal
   * allows, or -1 when it has none (or a parameter there).
   */
  public long resultLimit() {
    return resultLimit;
  }

  @Override
  public String toString() {
    // names only: facts hold no literals, so this is safe to log
    List<String> parts = new ArrayList<>();
    parts.add(kind.name());
    parts.add("tables=" + tables.stream().map(TableUse::qualifiedName).collect(toSet()));
    parts.add("outputs=" + outputs.size());
    parts.add("uses=" + uses.size());
    if (!fullyAnalysed()) {
      parts.add("notUnderstood=" + notUnderstood);
    }
    return "StatementFacts" + parts;
  }

  private static java.util.stream.Collector<String, ?, Set<String>> toSet() {
    return Collectors.toCollection(LinkedHashSet::new);
  }
}
