package io.phiguard.policy;

import java.util.List;
import java.util.Objects;

/**
 * A table as the database reports it (e.g. from {@code DatabaseMetaData.getColumns}), for {@link
 * CatalogCheck}. Kept this small so {@code policy} needs nothing from the catalog implementation.
 *
 * @param schema the table's schema, or {@code null} if the database has none
 * @param name the table name as stored (PostgreSQL lower case, H2 upper case, …)
 * @param columns its column names as stored
 */
public record CatalogTable(String schema, String name, List<String> columns) {

  public CatalogTable {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
  }
}
