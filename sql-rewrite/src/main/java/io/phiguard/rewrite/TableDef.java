package io.phiguard.rewrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One relation of the {@link Catalog}: a table, view, partition … with its columns in their
 * declared order (the order {@code SELECT *} produces), its primary key and, for a view, its
 * definition where the database exposes it. Immutable.
 */
public final class TableDef {

  private final String schema;
  private final String name;
  private final TableKind kind;
  private final List<ColumnDef> columns;
  private final List<String> primaryKey;
  private final String viewDefinition;
  private final List<Name> ancestors;

  /** A relation's name as stored: {@code schema} may be null where the database has none. */
  public record Name(String schema, String name) {}

  private TableDef(Builder builder) {
    this.schema = builder.schema;
    this.name = Objects.requireNonNull(builder.name, "name");
    this.kind = builder.kind;
    this.columns = List.copyOf(builder.columns);
    this.primaryKey = List.copyOf(builder.primaryKey);
    this.viewDefinition = builder.viewDefinition;
    this.ancestors = List.copyOf(builder.ancestors);
  }

  /** Starts a table {@code schema.name}; {@code schema} may be null where the database has none. */
  public static Builder builder(String schema, String name) {
    return new Builder(schema, name);
  }

  /** The schema (for MySQL: the database), as stored; null when the database reports none. */
  public String schema() {
    return schema;
  }

  /** The name, as stored. */
  public String name() {
    return name;
  }

  public TableKind kind() {
    return kind;
  }

  /** The columns in declared order. */
  public List<ColumnDef> columns() {
    return columns;
  }

  /** The primary key's column names in key order; empty when there is none. */
  public List<String> primaryKey() {
    return primaryKey;
  }

  /** The view's defining query as the database reports it, when known. */
  public Optional<String> viewDefinition() {
    return Optional.ofNullable(viewDefinition);
  }

  /**
   * The relations whose rows and columns this one inherits, nearest first: PostgreSQL inheritance
   * parents and partitioned tables above a partition. Protection follows them: a child of a
   * protected table holds the same kind of data under the same column names.
   */
  public List<Name> ancestors() {
    return ancestors;
  }

  /** The column whose name has {@code key} under {@code rules}. */
  Optional<ColumnDef> column(String key, NameRules rules) {
    for (ColumnDef column : columns) {
      if (rules.storedKey(column.name(), NameRules.NameKind.COLUMN).equals(key)) {
        return Optional.of(column);
      }
    }
    return Optional.empty();
  }

  /** The column reference of one of this table's columns. */
  public ColumnRef ref(ColumnDef column) {
    return new ColumnRef(schema, name, column.name());
  }

  /** {@code schema.name}, or the name alone. */
  public String qualifiedName() {
    return schema == null ? name : schema + "." + name;
  }

  @Override
  public String toString() {
    return kind + " " + qualifiedName();
  }

  /** Builds a {@link TableDef}. */
  public static final class Builder {
    private final String schema;
    private final String name;
    private TableKind kind = TableKind.TABLE;
    private final List<ColumnDef> columns = new ArrayList<>();
    private final List<String> primaryKey = new ArrayList<>();
    private String viewDefinition;
    private final List<Name> ancestors = new ArrayList<>();
    private final Map<String, ColumnDef> seen = new LinkedHashMap<>();

    private Builder(String schema, String name) {
      this.schema = schema;
      this.name = name;
    }

    public Builder kind(TableKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /** Adds a column; columns keep the order in which they are added. */
    public Builder column(ColumnDef column) {
      if (seen.putIfAbsent(column.name(), column) == null) {
        columns.add(column);
      }
      return this;
    }

    /** Adds a column of the given JDBC type and type name. */
    public Builder column(String columnName, int jdbcType, String typeName) {
      return column(ColumnDef.of(columnName, jdbcType, typeName));
    }

    public Builder primaryKey(List<String> columnNames) {
      primaryKey.clear();
      primaryKey.addAll(columnNames);
      return this;
    }

    public Builder viewDefinition(String definition) {
      this.viewDefinition = definition;
      return this;
    }

    /** Adds a relation this one inherits from (see {@link TableDef#ancestors()}). */
    public Builder ancestor(String ancestorSchema, String ancestorName) {
      Name ancestor = new Name(ancestorSchema, Objects.requireNonNull(ancestorName, "name"));
      if (!ancestors.contains(ancestor)) {
        ancestors.add(ancestor);
      }
      return this;
    }

    public TableDef build() {
      return new TableDef(this);
    }
  }
}
