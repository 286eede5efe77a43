package io.phiguard.rewrite;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link Catalog} from {@link DatabaseMetaData}: tables, views, partitions and the like,
 * their columns with JDBC types, primary keys, and view definitions from {@code
 * information_schema.views} where the database has it. Plain JDBC only.
 *
 * <p>MySQL and MariaDB report databases as catalogs; they become the schema of each table here.
 */
public final class CatalogLoader {

  private static final String[] SKIPPED_SCHEMAS = {
    "pg_catalog",
    "information_schema",
    "INFORMATION_SCHEMA",
    "pg_toast",
    "mysql",
    "sys",
    "performance_schema"
  };

  private CatalogLoader() {}

  /**
   * Loads every relation visible through {@code metaData}, except the database's own system
   * schemas.
   *
   * @param rules the dialect's name rules
   * @param version the version to stamp on the catalog
   */
  public static Catalog load(DatabaseMetaData metaData, NameRules rules, long version)
      throws SQLException {
    return load(metaData, rules, version, null);
  }

  /**
   * Loads the relations of one JDBC catalog only ({@code null}: all). MySQL and MariaDB report
   * every database on the server as a catalog: the connection's own is what its statements read,
   * and reading the others is slow and races with databases being dropped.
   */
  public static Catalog load(
      DatabaseMetaData metaData, NameRules rules, long version, String jdbcCatalog)
      throws SQLException {
    Map<String, TableDef.Builder> builders = new LinkedHashMap<>();
    Map<String, String[]> names = new HashMap<>();
    try (ResultSet rs = metaData.getTables(jdbcCatalog, null, "%", null)) {
      while (rs.next()) {
        String schema = schemaOf(rs.getString("TABLE_SCHEM"), rs.getString("TABLE_CAT"));
        String name = rs.getString("TABLE_NAME");
        if (isSystemSchema(schema)) {
          continue;
        }
        String key = schema + "\u0000" + name;
        builders.put(
            key,
            TableDef.builder(schema, name)
                .kind(TableKind.fromJdbcTableType(rs.getString("TABLE_TYPE"))));
        names.put(key, new String[] {rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM")});
      }
    }
    try (ResultSet rs = metaData.getColumns(jdbcCatalog, null, "%", "%")) {
      Map<String, TreeMap<Integer, ColumnDef>> columns = new HashMap<>();
      while (rs.next()) {
        String schema = schemaOf(rs.getString("TABLE_SCHEM"), rs.getString("TABLE_CAT"));
        String key = schema + "\u0000" + rs.getString("TABLE_NAME");
        if (!builders.containsKey(key)) {
          continue;
        }
        ColumnDef column =
            new ColumnDef(
                rs.getString("COLUMN_NAME"),
                rs.getInt("DATA_TYPE"),
                String.valueOf(rs.getString("TYPE_NAME")),
                rs.getInt("COLUMN_SIZE"));
        columns
            .computeIfAbsent(key, k -> new TreeMap<>())
            .put(rs.getInt("ORDINAL_POSITION"), column);
      }
      columns.forEach((key, byPosition) -> byPosition.values().forEach(builders.get(key)::column));
    }
    for (Map.Entry<String, TableDef.Builder> entry : builders.entrySet()) {
      String[] catalogAndSchema = names.get(entry.getKey());
      String table = entry.getKey().substring(entry.getKey().indexOf('\u0000') + 1);
      entry.getValue().primaryKey(primaryKey(metaData, catalogAndSchema, table));
    }
    addViewDefinitions(metaData.getConnection(), builders);
    if ("PostgreSQL".equalsIgnoreCase(metaData.getDatabaseProductName())) {
      addAncestors(metaData.getConnection(), builders);
    }
    Catalog.Builder catalog = Catalog.builder(rules).version(version);
    builders.values().forEach(b -> catalog.table(b.build()));
    addUserRoutines(metaData, jdbcCatalog, catalog);
    return catalog.build();
  }

  private static List<String> primaryKey(
      DatabaseMetaData metaData, String[] catalogAndSchema, String table) throws SQLException {
    TreeMap<Integer, String> key = new TreeMap<>();
    try (ResultSet rs = metaData.getPrimaryKeys(catalogAndSchema[0], catalogAndSchema[1], table)) {
      while (rs.next()) {
        key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
      }
    }
    return new ArrayList<>(key.values());
  }

  /** Best effort: a database without {@code information_schema.views} simply has no definitions. */
  private static void addViewDefinitions(
      Connection connection, Map<String, TableDef.Builder> builders) {
    if (connection == null) {
      return;
    }
    String query = "SELECT table_schema, table_name, view_definition FROM information_schema.views";
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(query)) {
      while (rs.next()) {
        TableDef.Builder builder = builders.get(rs.getString(1) + "\u0000" + rs.getString(2));
        String definition = rs.getString(3);
        if (builder != null && definition != null && !definition.isBlank()) {
          builder.viewDefinition(definition);
        }
      }
    } catch (SQLException e) {
      // no view definitions: views then count as opaque relations, which fails closed
    }
  }

  // every (descendant, ancestor) pair of table inheritance and partitioning, nearest first
  private static final String PG_ANCESTORS =
      "WITH RECURSIVE up(child, parent, depth) AS ("
          + " SELECT inhrelid, inhparent, 1 FROM pg_catalog.pg_inherits"
          + " UNION ALL SELECT up.child, i.inhparent, up.depth + 1"
          + " FROM up JOIN pg_catalog.pg_inherits i ON i.inhrelid = up.parent WHERE up.depth < 64)"
          + " SELECT cn.nspname, c.relname, pn.nspname, p.relname FROM up"
          + " JOIN pg_catalog.pg_class c ON c.oid = up.child"
          + " JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace"
          + " JOIN pg_catalog.pg_class p ON p.oid = up.parent"
          + " JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace"
          + " ORDER BY up.child, up.depth";

  /**
   * PostgreSQL inheritance children and partitions. Not best effort: a child of a protected table
   * that PhiGuard took for an unrelated table would hand out its rows raw, so a failure here fails
   * the catalog load (and with it every statement that needs analysis).
   */
  private static void addAncestors(Connection connection, Map<String, TableDef.Builder> builders)
      throws SQLException {
    if (connection == null) {
      throw new SQLException("no connection to read table inheritance from", "42601");
    }
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(PG_ANCESTORS)) {
      while (rs.next()) {
        TableDef.Builder builder = builders.get(rs.getString(1) + "\u0000" + rs.getString(2));
        if (builder != null) {
          builder.ancestor(rs.getString(3), rs.getString(4));
        }
      }
    }
  }

  private static String schemaOf(String schema, String catalog) {
    return schema != null ? schema : catalog;
  }

  private static boolean isSystemSchema(String schema) {
    if (schema == null) {
      return false;
    }
    for (String skipped : SKIPPED_SCHEMAS) {
      if (skipped.equals(schema)) {
        return true;
      }
    }
    return schema.startsWith("pg_temp") || schema.startsWith("pg_toast");
  }

  /**
   * Functions and procedures outside the system schemas: user code that may read protected tables.
   * Best effort: a driver that cannot list them lists none.
   */
  private static void addUserRoutines(
      DatabaseMetaData metaData, String jdbcCatalog, Catalog.Builder catalog) {
    try (ResultSet rs = metaData.getFunctions(jdbcCatalog, null, "%")) {
      while (rs.next()) {
        addRoutine(rs, "FUNCTION_SCHEM", "FUNCTION_CAT", "FUNCTION_NAME", catalog);
      }
    } catch (SQLException | RuntimeException e) {
      // listed as none
    }
    try (ResultSet rs = metaData.getProcedures(jdbcCatalog, null, "%")) {
      while (rs.next()) {
        addRoutine(rs, "PROCEDURE_SCHEM", "PROCEDURE_CAT", "PROCEDURE_NAME", catalog);
      }
    } catch (SQLException | RuntimeException e) {
      // listed as none
    }
  }

  private static void addRoutine(
      ResultSet rs,
      String schemaColumn,
      String catalogColumn,
      String nameColumn,
      Catalog.Builder catalog)
      throws SQLException {
    String schema = schemaOf(rs.getString(schemaColumn), rs.getString(catalogColumn));
    String name = rs.getString(nameColumn);
    if (schema != null && name != null && !isSystemSchema(schema)) {
      catalog.userRoutine(name);
    }
  }
}
