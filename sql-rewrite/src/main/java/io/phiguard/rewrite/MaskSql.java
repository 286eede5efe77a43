package io.phiguard.rewrite;

import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The SQL of each mask per dialect, type-preserving: text masks are cast back to the column's type
 * (PostgreSQL, H2; on MySQL/MariaDB to {@code CHAR(n)} of the declared length, since {@code REPEAT}
 * with a non-constant count is typed LONGTEXT), dates are generalised within their own type, and
 * NULL takes the column's type through {@code CASE WHEN 1 = 0 THEN col END}. NULL stays NULL under
 * every mask.
 */
final class MaskSql {

  private static final Set<Integer> TEXT =
      Set.of(
          Types.CHAR,
          Types.VARCHAR,
          Types.LONGVARCHAR,
          Types.NCHAR,
          Types.NVARCHAR,
          Types.LONGNVARCHAR,
          Types.CLOB,
          Types.NCLOB);
  private static final Set<Integer> TEMPORAL =
      Set.of(Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE);
  private static final Set<String> POSTGRES_TEXT_TYPES =
      Set.of("varchar", "text", "bpchar", "citext", "name");
  private static final int REDACTED_LENGTH = 5;

  private MaskSql() {}

  /**
   * The mask expression over {@code column} (already quoted for the dialect).
   *
   * @param warnings receives a note when the mask does not fit the type and NULL is used instead
   */
  static String expression(
      Dialect dialect, ColumnDef def, String column, Mask mask, List<String> warnings) {
    boolean text = TEXT.contains(def.jdbcType());
    boolean temporal = TEMPORAL.contains(def.jdbcType());
    switch (mask.kind()) {
      case NULL:
        return nullOf(column);
      case REDACT:
        return text
            ? castText(
                dialect,
                def,
                "CASE WHEN "
                    + column
                    + " IS NULL THEN NULL ELSE '"
                    + fill(mask, REDACTED_LENGTH)
                    + "' END")
            : nullOf(column);
      case PARTIAL:
      case ZIP3:
        if (text) {
          return castText(dialect, def, partial(column, mask));
        }
        break;
      case EMAIL:
        if (text) {
          return castText(dialect, def, email(dialect, column, mask));
        }
        break;
      case YEAR:
        if (temporal) {
          return year(dialect, def, column);
        }
        break;
      default:
        throw new IllegalArgumentException("not an SQL mask: " + mask.kind());
    }
    warnings.add("mask-type-mismatch:" + mask.kind().name().toLowerCase(Locale.ROOT));
    return nullOf(column);
  }

  private static String nullOf(String column) {
    return "CASE WHEN 1 = 0 THEN " + column + " END";
  }

  private static String fill(Mask mask, int count) {
    return String.valueOf(mask.fill()).repeat(count);
  }

  private static String partial(String column, Mask mask) {
    int keep = mask.keepFirst() + mask.keepLast();
    String length = "CHAR_LENGTH(" + column + ")";
    String fill = "'" + mask.fill() + "'";
    StringBuilder kept = new StringBuilder("CONCAT(");
    if (mask.keepFirst() > 0) {
      kept.append("LEFT(").append(column).append(", ").append(mask.keepFirst()).append("), ");
    }
    kept.append("REPEAT(")
        .append(fill)
        .append(", ")
        .append(length)
        .append(" - ")
        .append(keep)
        .append(')');
    if (mask.keepLast() > 0) {
      kept.append(", RIGHT(").append(column).append(", ").append(mask.keepLast()).append(')');
    }
    kept.append(')');
    // values no longer than what would be kept are filled entirely: nothing of them is shown
    return "CASE WHEN "
        + column
        + " IS NULL THEN NULL WHEN "
        + length
        + " <= "
        + keep
        + " THEN REPEAT("
        + fill
        + ", "
        + length
        + ") ELSE "
        + kept
        + " END";
  }

  private static String email(Dialect dialect, String column, Mask mask) {
    String at =
        dialect == Dialect.POSTGRESQL
            ? "strpos(" + column + ", '@')"
            : "LOCATE('@', " + column + ")";
    String hidden = "'" + fill(mask, REDACTED_LENGTH) + "'";
    return "CASE WHEN "
        + column
        + " IS NULL THEN NULL WHEN "
        + at
        + " = 0 THEN "
        + hidden
        + " ELSE CONCAT("
        + hidden
        + ", SUBSTRING("
        + column
        + ", "
        + at
        + ")) END";
  }

  private static String year(Dialect dialect, ColumnDef def, String column) {
    switch (dialect) {
      case POSTGRESQL:
        return def.jdbcType() == Types.DATE
            ? "CAST(date_trunc('year', " + column + ") AS date)"
            : "date_trunc('year', " + column + ")";
      case MYSQL:
      case MARIADB:
        return def.jdbcType() == Types.DATE
            ? "MAKEDATE(YEAR(" + column + "), 1)"
            : "CAST(MAKEDATE(YEAR(" + column + "), 1) AS DATETIME)";
      default:
        String type =
            def.jdbcType() == Types.DATE
                ? "DATE"
                : def.jdbcType() == Types.TIMESTAMP ? "TIMESTAMP" : "TIMESTAMP WITH TIME ZONE";
        return "CAST(DATE_TRUNC('YEAR', " + column + ") AS " + type + ")";
    }
  }

  private static String castText(Dialect dialect, ColumnDef def, String expression) {
    switch (dialect) {
      case POSTGRESQL:
        String type = def.typeName().toLowerCase(Locale.ROOT);
        return "CAST("
            + expression
            + " AS "
            + (POSTGRES_TEXT_TYPES.contains(type) ? type : "text")
            + ")";
      case H2:
        if (def.jdbcType() == Types.CHAR && def.size() > 0) {
          return "CAST(" + expression + " AS CHAR(" + def.size() + "))";
        }
        return "CAST("
            + expression
            + " AS "
            + (def.jdbcType() == Types.CLOB ? "CLOB" : "VARCHAR")
            + ")";
      case MYSQL:
      case MARIADB:
        // REPEAT(…, CHAR_LENGTH(col)) makes the CASE LONGTEXT (JDBC LONGVARCHAR); CAST AS CHAR(n)
        // is VARCHAR(n) again. Without a known length there is no VARCHAR to go back to.
        return def.size() > 0 ? "CAST(" + expression + " AS CHAR(" + def.size() + "))" : expression;
      default:
        return expression;
    }
  }
}
