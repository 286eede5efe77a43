package io.phiguard.rewrite;

import io.phiguard.rewrite.NameRules.NameKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable model of one datasource's relations, matched by that database's {@link NameRules}.
 * Built programmatically with {@link #builder(NameRules)} or from {@code DatabaseMetaData} with
 * {@link CatalogLoader}.
 *
 * <p>Unqualified names resolve through a search path given by the caller (PostgreSQL's {@code
 * search_path}, the current schema of H2, the current database of MySQL). Without a search path an
 * unqualified name resolves only when exactly one schema has such a table.
 */
public final class Catalog {

  private final NameRules rules;
  private final long version;
  private final List<TableDef> tables;
  private final Set<String> userRoutines;

  /** table key → tables of that name in any schema. */
  private final Map<String, List<TableDef>> byName;

  private Catalog(NameRules rules, long version, List<TableDef> tables, Set<String> userRoutines) {
    this.rules = rules;
    this.version = version;
    this.tables = List.copyOf(tables);
    this.userRoutines = Set.copyOf(userRoutines);
    Map<String, List<TableDef>> index = new HashMap<>();
    for (TableDef table : tables) {
      index
          .computeIfAbsent(rules.storedKey(table.name(), NameKind.TABLE), k -> new ArrayList<>())
          .add(table);
    }
    index.replaceAll((k, v) -> List.copyOf(v));
    this.byName = Map.copyOf(index);
  }

  /** Starts an empty catalog matched by {@code rules}. */
  public static Builder builder(NameRules rules) {
    return new Builder(rules);
  }

  public NameRules nameRules() {
    return rules;
  }

  public Dialect dialect() {
    return rules.dialect();
  }

  /** A caller-chosen version (e.g. a load counter), part of cache keys. */
  public long version() {
    return version;
  }

  /** Every relation, in the order added. */
  public List<TableDef> tables() {
    return tables;
  }

  /**
   * Resolves a table name as written in SQL.
   *
   * @param schemaIdentifier the schema part as written (quotes included), or null when unqualified
   * @param tableIdentifier the table part as written (quotes included)
   * @param searchPath schemas, as stored, tried in order for an unqualified name
   */
  public Optional<TableDef> resolve(
      String schemaIdentifier, String tableIdentifier, List<String> searchPath) {
    List<TableDef> candidates = byName.get(rules.key(tableIdentifier, NameKind.TABLE));
    if (candidates == null) {
      return Optional.empty();
    }
    if (schemaIdentifier != null) {
      String schemaKey = rules.key(schemaIdentifier, NameKind.TABLE);
      return candidates.stream().filter(t -> schemaKeyOf(t).equals(schemaKey)).findFirst();
    }
    for (String schema : searchPath) {
      String schemaKey = rules.storedKey(schema, NameKind.TABLE);
      for (TableDef table : candidates) {
        if (schemaKeyOf(table).equals(schemaKey)) {
          return Optional.of(table);
        }
      }
    }
    return searchPath.isEmpty() && candidates.size() == 1
        ? Optional.of(candidates.get(0))
        : Optional.empty();
  }

  /**
   * Whether {@code name} (unqualified, any case) is a function or procedure the database's users
   * defined, as opposed to a built-in: such a routine can read protected tables where no masking
   * view reaches.
   */
  public boolean isUserRoutine(String name) {
    return userRoutines.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Finds a table by its stored schema and name. */
  public Optional<TableDef> table(String schema, String name) {
    return tables.stream()
        .filter(t -> Objects.equals(t.schema(), schema) && t.name().equals(name))
        .findFirst();
  }

  private String schemaKeyOf(TableDef table) {
    return table.schema() == null ? "" : rules.storedKey(table.schema(), NameKind.TABLE);
  }

  @Override
  public String toString() {
    return "Catalog[" + rules.dialect() + ", " + tables.size() + " relations, v" + version + "]";
  }

  /** Collects tables for a {@link Catalog}. */
  public static final class Builder {
    private final NameRules rules;
    private final List<TableDef> tables = new ArrayList<>();
    private final Set<String> userRoutines = new HashSet<>();
    private long version;

    private Builder(NameRules rules) {
      this.rules = Objects.requireNonNull(rules, "rules");
    }

    public Builder table(TableDef table) {
      tables.add(Objects.requireNonNull(table, "table"));
      return this;
    }

    /** A user-defined function or procedure, by its unqualified name. */
    public Builder userRoutine(String name) {
      userRoutines.add(name.toLowerCase(Locale.ROOT));
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    public Catalog build() {
      return new Catalog(rules, version, tables, userRoutines);
    }
  }
}
