package io.phiguard.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table with protected columns. Without a schema pin it is protected in every schema.
 *
 * @param name the table, as written ({@code patients}, {@code public.patients})
 * @param columns its protected columns, in file order
 * @param location where it is declared
 */
public record ProtectedTable(
    QualifiedName name, List<ProtectedColumn> columns, SourceLocation location) {

  public ProtectedTable {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    Objects.requireNonNull(location, "location");
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a protected table needs at least one column");
    }
  }

  /**
   * Whether this entry protects {@code databaseSchema.databaseTable}. A {@code null} schema means
   * "not known" and matches a pinned entry too: when in doubt, protect.
   */
  public boolean matches(String databaseSchema, String databaseTable) {
    if (databaseSchema == null) {
      return name.name().matches(databaseTable);
    }
    return name.matches(databaseSchema, databaseTable);
  }

  /** The protected column {@code databaseColumn}, if it is one. */
  public Optional<ProtectedColumn> column(String databaseColumn) {
    return columns.stream().filter(c -> c.matches(databaseColumn)).findFirst();
  }
}
