package io.phiguard.rewrite;

import java.util.Locale;

/** What kind of relation a catalog entry is, as {@code DatabaseMetaData.getTables} reports it. */
public enum TableKind {
  TABLE,
  VIEW,
  MATERIALIZED_VIEW,
  /** A partitioned parent table; its partitions are {@link #TABLE}s of their own. */
  PARTITIONED_TABLE,
  FOREIGN_TABLE,
  SYSTEM_TABLE,
  TEMPORARY_TABLE,
  OTHER;

  /** Maps a {@code TABLE_TYPE} value from {@code DatabaseMetaData.getTables}. */
  public static TableKind fromJdbcTableType(String tableType) {
    if (tableType == null) {
      return OTHER;
    }
    String type = tableType.toUpperCase(Locale.ROOT);
    switch (type) {
      case "TABLE":
      case "BASE TABLE":
        return TABLE;
      case "VIEW":
      case "SYSTEM VIEW":
        return VIEW;
      case "MATERIALIZED VIEW":
        return MATERIALIZED_VIEW;
      case "PARTITIONED TABLE":
        return PARTITIONED_TABLE;
      case "FOREIGN TABLE":
        return FOREIGN_TABLE;
      case "SYSTEM TABLE":
        return SYSTEM_TABLE;
      case "TEMPORARY TABLE":
      case "LOCAL TEMPORARY":
      case "GLOBAL TEMPORARY":
        return TEMPORARY_TABLE;
      default:
        return OTHER;
    }
  }

  /** Whether rows come from a stored query rather than from storage of the relation itself. */
  public boolean isView() {
    return this == VIEW || this == MATERIALIZED_VIEW;
  }
}
