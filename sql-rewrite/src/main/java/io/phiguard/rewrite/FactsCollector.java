package io.phiguard.rewrite;

import io.phiguard.rewrite.NameRules.NameKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.sf.jsqlparser.schema.Column;

/**
 * Everything the walkers learn about one statement, accumulated while they walk: the future {@link
 * StatementFacts}, plus what the rewriter needs (table bindings, nodes reached).
 */
final class FactsCollector {

  final Catalog catalog;
  final List<String> searchPath;
  final NameRules rules;

  StatementKind kind = StatementKind.OTHER;
  boolean explain;
  boolean locking;
  boolean returning;
  // an UPDATE or DELETE without WHERE (or LIMIT): every row of its table
  boolean unboundedWrite;
  // the outermost query's LIMIT/FETCH literal, -1 when none
  long resultLimit = -1;
  List<OutputColumn> outputs = List.of();
  private final Map<String, TableUse> tables = new LinkedHashMap<>();
  private final Set<ColumnUse> uses = new LinkedHashSet<>();
  private final Set<ColumnRef> written = new TreeSet<>();
  private final List<Sink> sinks = new ArrayList<>();
  private final Set<String> functions = new TreeSet<>();
  private final Set<String> notUnderstood = new LinkedHashSet<>();
  private final List<String> settings = new ArrayList<>();

  /** Parser nodes the walkers handled, by identity, for the coverage check. */
  final Set<Object> reached = Collections.newSetFromMap(new IdentityHashMap<>());

  final List<TableBinding> bindings = new ArrayList<>();

  /** Columns whose qualifier names a bound table, so a rewrite can re-qualify them. */
  final Map<Column, TableBinding> qualifiedColumns = new IdentityHashMap<>();

  /** Sanctionable {@code col = ?} predicates, for a rewrite that tests the raw column. */
  final List<RawEquality> rawEqualities = new ArrayList<>();

  /** SET assignments that change existing rows, for {@code on-masked-write: keep}. */
  final List<AssignmentSite> assignmentSites = new ArrayList<>();

  /**
   * Columns written by a statement that may replace an existing row wholesale (REPLACE, H2 MERGE …
   * KEY, UPSERT): no stored value can be kept there.
   */
  final Set<ColumnRef> rowReplacingWrites = new TreeSet<>();

  /** RETURNING lists over a DML target (top level and in CTEs), for masking on rewrite. */
  final List<ReturningTarget> returningTargets = new ArrayList<>();

  FactsCollector(Catalog catalog, List<String> searchPath) {
    this.catalog = catalog;
    this.searchPath = List.copyOf(searchPath);
    this.rules = catalog.nameRules();
  }

  String tableKey(String identifier) {
    return rules.key(identifier, NameKind.TABLE);
  }

  String columnKey(String identifier) {
    return rules.key(identifier, NameKind.COLUMN);
  }

  /** The label a database reports for an identifier written in a select list. */
  String label(String identifier) {
    Identifier id = Identifier.of(identifier);
    if (id.quoted()) {
      return id.text();
    }
    switch (rules.dialect()) {
      case POSTGRESQL:
        return id.text().toLowerCase(Locale.ROOT);
      case H2:
        return id.text().toUpperCase(Locale.ROOT);
      default:
        return id.text();
    }
  }

  void reach(Object node) {
    if (node != null) {
      reached.add(node);
    }
  }

  void table(TableDef def, TableUse.Access access) {
    TableUse use = new TableUse(def.schema(), def.name(), def.kind(), true, access);
    tables.putIfAbsent(use.qualifiedName() + "/" + access, use);
  }

  void unknownTable(String schema, String name, TableUse.Access access) {
    if (name.startsWith("'") || (schema != null && schema.startsWith("'"))) {
      // JSqlParser reads FROM 'text' as a table name, no database here does, and the text may be
      // a value: deny as not understood and never repeat it in facts or messages
      notUnderstood("string-literal-as-table-name");
      schema = null;
      name = "(string literal)";
    }
    String schemaName = schema == null ? null : Identifier.of(schema).text();
    TableUse use = new TableUse(schemaName, Identifier.of(name).text(), null, false, access);
    tables.putIfAbsent(use.qualifiedName() + "/" + access, use);
  }

  void use(Lineage lineage, Clause clause, boolean bare, boolean equalityWithParameter) {
    for (ColumnRef column : lineage.columns()) {
      uses.add(new ColumnUse(column, clause, bare && lineage.bare(), equalityWithParameter));
    }
  }

  void written(ColumnRef column) {
    written.add(column);
  }

  void sink(Sink.Kind kind, String target, Lineage lineage) {
    if (!lineage.columns().isEmpty()) {
      sinks.add(new Sink(kind, target, lineage.columns()));
    }
  }

  void function(String name) {
    functions.add(name.toLowerCase(Locale.ROOT));
  }

  /** Records a construct the walkers do not handle: by class or fixed code, never SQL text. */
  void notUnderstood(String reason) {
    notUnderstood.add(reason);
  }

  void notUnderstood(Object node) {
    notUnderstood.add("unhandled:" + node.getClass().getSimpleName());
  }

  void setting(String name) {
    settings.add(Identifier.of(name).text().toLowerCase(Locale.ROOT));
  }

  StatementFacts build(List<String> differentials) {
    return new StatementFacts(
        kind,
        explain,
        new ArrayList<>(tables.values()),
        outputs,
        new ArrayList<>(uses),
        written,
        sinks,
        functions,
        new ArrayList<>(notUnderstood),
        differentials,
        settings,
        locking,
        returning,
        unboundedWrite,
        resultLimit);
  }
}
