package io.phiguard.policy.fuzz;

import io.phiguard.rewrite.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A grammar-ish generator of statements over the fuzz schema ({@code patients}, {@code visits},
 * {@code staff}): select lists with columns, expressions, functions, aggregates and stars; FROM
 * with aliases, joins, derived tables, CTEs and set operations; WHERE / GROUP BY / ORDER BY over
 * random columns; INSERT / UPDATE / DELETE; and a sprinkling of other keywords, comments, quoting
 * and literals. Plain {@link Random}, so one seed always yields the same statement.
 *
 * <p>String literals, comments and file names all start with {@code lit}, so a test can tell
 * whether a message repeats text of the statement.
 */
final class SqlGenerator {

  static final List<String> PATIENTS =
      List.of("id", "mrn", "full_name", "ssn", "email", "dob", "zip", "notes");
  static final List<String> VISITS = List.of("id", "patient_id", "visited_at", "diagnosis");
  static final List<String> STAFF = List.of("id", "name");
  static final List<String> TABLES = List.of("patients", "visits", "staff");

  private static final String[] TEXT_FUNCTIONS = {
    "lower", "upper", "trim", "reverse", "length", "char_length", "coalesce", "md5", "ltrim"
  };
  private static final String[] AGGREGATES = {"count", "max", "min", "sum", "avg"};
  private static final String[] KEYWORD_STATEMENTS = {
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "SHOW search_path",
    "SHOW TABLES",
    "SET search_path TO evil",
    "SET sql_mode = 'ANSI_QUOTES'",
    "SET SCHEMA evil",
    "USE evil",
    "ANALYZE patients",
    "VACUUM patients",
    "TRUNCATE TABLE staff",
    "TRUNCATE TABLE patients",
    "DROP TABLE staff",
    "GRANT SELECT ON patients TO PUBLIC",
    "CALL csvwrite('litfile.csv', 'SELECT ssn FROM patients')",
    "CREATE VIEW v AS SELECT ssn FROM patients",
    "CREATE TABLE copy_t AS SELECT * FROM patients",
    "PREPARE q FROM 'SELECT ssn FROM patients'",
    "EXECUTE q",
    "TABLE patients",
    "TABLE staff",
    "VALUES (1, 'litvalues')",
    "SELECT 1",
    "SELECT * FROM pg_stats",
    "SELECT * FROM information_schema.columns",
    "SELECT * FROM patient_names",
    "LOCK TABLE patients",
    "COPY patients TO '/tmp/litcopy'",
    "DECLARE c CURSOR WITH HOLD FOR SELECT ssn FROM patients",
    "SELECT ssn INTO OUTFILE '/tmp/litout' FROM patients",
    "DO $$ BEGIN PERFORM ssn FROM patients; END $$",
    "BEGIN NOT ATOMIC SELECT ssn FROM patients; END",
    "SHOW COLUMNS FROM staff WHERE (SELECT ssn FROM patients LIMIT 1) LIKE 'lit1%'",
    "SHOW INDEX FROM staff WHERE (SELECT full_name FROM patients LIMIT 1) LIKE 'lit2%'",
    "SHOW TABLES WHERE (SELECT email FROM patients LIMIT 1) LIKE 'lit3%'",
    "START TRANSACTION WITH CONSISTENT SNAPSHOT",
  };

  private final Random random;
  private final Dialect dialect;
  private int aliasCounter;

  SqlGenerator(Random random, Dialect dialect) {
    this.random = random;
    this.dialect = dialect;
  }

  /** One string: a statement, now and then a few joined by semicolons and decorated. */
  String statementString() {
    StringBuilder sql = new StringBuilder(statement());
    if (chance(8)) {
      sql.append("; ").append(statement());
    }
    if (chance(10)) {
      sql.append(';');
    }
    String text = sql.toString();
    return chance(4) ? decorate(text) : text;
  }

  String statement() {
    int pick = random.nextInt(100);
    if (pick < 45) {
      return query(0);
    }
    if (pick < 55) {
      return insert();
    }
    if (pick < 65) {
      return update();
    }
    if (pick < 72) {
      return delete();
    }
    if (pick < 78) {
      return "EXPLAIN " + query(0);
    }
    if (pick < 84) {
      return with();
    }
    return pick(KEYWORD_STATEMENTS);
  }

  // ---------------------------------------------------------------- queries

  private String query(int depth) {
    String select = select(depth);
    if (depth < 2 && chance(10)) {
      String op = pick("UNION", "UNION ALL", "INTERSECT", "EXCEPT");
      return select + " " + op + " " + select(depth + 1);
    }
    return select;
  }

  private String with() {
    String name = "c" + aliasCounter++;
    boolean recursive = chance(5);
    String body =
        recursive
            ? "SELECT id FROM patients UNION ALL SELECT id + 1 FROM " + name + " WHERE id < 3"
            : select(1);
    String columns = recursive ? "(id)" : "";
    String outer =
        pick(
            "SELECT * FROM " + name,
            "SELECT " + name + ".* FROM " + name,
            "SELECT count(*) FROM " + name,
            "SELECT * FROM " + name + " JOIN visits ON visits.patient_id = " + name + ".id");
    if (chance(6)) {
      // writable CTE
      body = "DELETE FROM visits WHERE id = 1 RETURNING *";
      columns = "";
    }
    return "WITH "
        + (recursive ? "RECURSIVE " : "")
        + name
        + columns
        + " AS ("
        + body
        + ") "
        + outer;
  }

  private String select(int depth) {
    List<Source> from = new ArrayList<>();
    StringBuilder fromSql = new StringBuilder();
    Source first = source(depth);
    from.add(first);
    fromSql.append(first.sql);
    int joins = depth > 1 ? 0 : random.nextInt(3);
    for (int i = 0; i < joins; i++) {
      Source next = source(depth);
      from.add(next);
      String kind = pick("JOIN", "LEFT JOIN", "INNER JOIN", "CROSS JOIN", "NATURAL JOIN", ",");
      fromSql.append(kind.equals(",") ? ", " : " " + kind + " ").append(next.sql);
      if (kind.endsWith("JOIN") && !kind.startsWith("CROSS") && !kind.startsWith("NATURAL")) {
        if (chance(4)) {
          fromSql.append(" USING (id)");
        } else {
          fromSql.append(" ON ").append(condition(from, depth));
        }
      }
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    if (chance(8)) {
      sql.append("DISTINCT ");
    }
    int items = 1 + random.nextInt(3);
    for (int i = 0; i < items; i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append(selectItem(from, depth));
    }
    sql.append(" FROM ").append(fromSql);
    if (chance(2)) {
      sql.append(" WHERE ").append(condition(from, depth));
    }
    if (chance(6)) {
      sql.append(" GROUP BY ").append(column(from));
      if (chance(3)) {
        sql.append(" HAVING count(*) > ").append(random.nextInt(3));
      }
    }
    if (chance(5)) {
      sql.append(" ORDER BY ")
          .append(chance(5) ? String.valueOf(1 + random.nextInt(2)) : column(from));
      if (chance(2)) {
        sql.append(pick(" ASC", " DESC"));
      }
    }
    if (chance(6)) {
      sql.append(
          dialect == Dialect.POSTGRESQL && chance(2) ? " FETCH FIRST 2 ROWS ONLY" : " LIMIT 2");
    }
    if (depth == 0 && chance(15)) {
      sql.append(" FOR UPDATE");
    }
    return sql.toString();
  }

  private record Source(String table, String alias, List<String> columns, String sql) {}

  private Source source(int depth) {
    if (depth < 2 && chance(7)) {
      String alias = "d" + aliasCounter++;
      return new Source(
          null,
          alias,
          List.of("id"),
          "(SELECT id" + (chance(2) ? ", " + pick(PATIENTS) : "") + " FROM patients) " + alias);
    }
    String table = pick(TABLES);
    List<String> columns = columnsOf(table);
    String name = tableName(table);
    int style = random.nextInt(4);
    if (style == 0) {
      return new Source(table, null, columns, name);
    }
    String alias = pick("p", "v", "s", "t", "x") + aliasCounter++;
    String sql = name + (chance(2) ? " AS " : " ") + alias;
    return new Source(table, alias, columns, sql);
  }

  private String selectItem(List<Source> from, int depth) {
    int pick = random.nextInt(100);
    if (pick < 10) {
      return "*";
    }
    if (pick < 15) {
      Source s = pick(from);
      return (s.alias != null ? s.alias : s.table == null ? "x" : tableName(s.table)) + ".*";
    }
    if (pick < 45) {
      return column(from) + (chance(4) ? " AS " + pick("a", "label", "ssn", "name") : "");
    }
    if (pick < 65) {
      return expression(from);
    }
    if (pick < 80) {
      String agg = pick(AGGREGATES);
      return chance(4) ? "count(*)" : agg + "(" + column(from) + ")";
    }
    if (pick < 88) {
      return listAggregate(column(from));
    }
    if (pick < 93 && depth < 2) {
      return "(SELECT " + pick(PATIENTS) + " FROM patients LIMIT 1)";
    }
    if (pick < 96) {
      Source s = pick(from);
      return s.alias != null ? s.alias : s.table == null ? "1" : tableName(s.table);
    }
    return literal();
  }

  private String listAggregate(String column) {
    return switch (dialect) {
      case POSTGRESQL -> "string_agg(" + column + ", ',')";
      case MYSQL, MARIADB -> "group_concat(" + column + ")";
      default -> "listagg(" + column + ", ',')";
    };
  }

  private String expression(List<Source> from) {
    String column = column(from);
    return switch (random.nextInt(9)) {
      case 0 -> pick(TEXT_FUNCTIONS) + "(" + column + ")";
      case 1 -> "CAST(" + column + " AS VARCHAR(" + (5 + random.nextInt(50)) + "))";
      case 2 -> "CASE WHEN " + column + " IS NULL THEN " + literal() + " ELSE " + column + " END";
      case 3 -> "substring(" + column + ", 1, " + (1 + random.nextInt(5)) + ")";
      case 4 ->
          dialect == Dialect.POSTGRESQL
              ? column + " || " + literal()
              : "concat(" + column + ", " + literal() + ")";
      case 5 -> "coalesce(" + column + ", " + literal() + ")";
      case 6 -> "count(DISTINCT " + column + ")";
      case 7 -> "(" + column + ")";
      default -> column + " = " + literal();
    };
  }

  private String condition(List<Source> from, int depth) {
    String column = column(from);
    String condition =
        switch (random.nextInt(10)) {
          case 0 -> column + " = " + literal();
          case 1 -> column + " LIKE '" + "lit" + random.nextInt(1000) + "%'";
          case 2 -> column + " IS NULL";
          case 3 -> column + " IS NOT NULL";
          case 4 ->
              depth < 2
                  ? column + " IN (SELECT " + pick(PATIENTS) + " FROM patients)"
                  : column + " IN (1, 2)";
          case 5 ->
              depth < 2 ? "EXISTS (SELECT 1 FROM patients q WHERE q.id = " + column + ")" : "1 = 1";
          case 6 -> column + " > " + random.nextInt(100);
          case 7 -> column + " = ?";
          case 8 -> "lower(" + column + ") <> " + literal();
          default -> column + " BETWEEN 1 AND " + random.nextInt(10);
        };
    if (chance(5)) {
      return condition + pick(" AND ", " OR ") + condition(from, depth + 1);
    }
    return chance(10) ? "NOT (" + condition + ")" : condition;
  }

  private String column(List<Source> from) {
    Source s = pick(from);
    String column = pick(s.columns);
    String name = identifier(column);
    if (from.size() > 1 || chance(3)) {
      String qualifier = s.alias != null ? s.alias : s.table == null ? null : tableName(s.table);
      if (qualifier != null) {
        return qualifier + "." + name;
      }
    }
    return name;
  }

  // ---------------------------------------------------------------- writes

  private String insert() {
    String table = pick(TABLES);
    List<String> columns = subset(columnsOf(table));
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(tableName(table)).append(" (");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i > 0 ? ", " : "").append(identifier(columns.get(i)));
    }
    sql.append(") ");
    if (chance(3)) {
      String src = pick(TABLES);
      List<String> srcColumns = columnsOf(src);
      sql.append("SELECT ");
      for (int i = 0; i < columns.size(); i++) {
        sql.append(i > 0 ? ", " : "").append(pick(srcColumns));
      }
      sql.append(" FROM ").append(tableName(src));
    } else {
      sql.append("VALUES (");
      for (int i = 0; i < columns.size(); i++) {
        sql.append(i > 0 ? ", " : "").append(chance(3) ? "?" : literal());
      }
      sql.append(')');
    }
    if (dialect == Dialect.MYSQL && chance(5)) {
      sql.append(" ON DUPLICATE KEY UPDATE ")
          .append(identifier(columns.get(0)))
          .append(" = ")
          .append(literal());
    }
    if (dialect == Dialect.POSTGRESQL && chance(4)) {
      sql.append(" RETURNING ").append(chance(2) ? "*" : pick(columnsOf(table)));
    }
    return sql.toString();
  }

  private String update() {
    String table = pick(TABLES);
    List<Source> from = List.of(new Source(table, null, columnsOf(table), tableName(table)));
    StringBuilder sql = new StringBuilder("UPDATE ").append(tableName(table)).append(" SET ");
    sql.append(identifier(pick(columnsOf(table)))).append(" = ");
    sql.append(chance(3) ? column(from) : chance(2) ? "?" : literal());
    if (chance(3)) {
      sql.append(" WHERE ").append(condition(from, 1));
    }
    if (dialect == Dialect.POSTGRESQL && chance(4)) {
      sql.append(" RETURNING ").append(chance(2) ? "*" : pick(columnsOf(table)));
    }
    return sql.toString();
  }

  private String delete() {
    String table = pick(TABLES);
    List<Source> from = List.of(new Source(table, null, columnsOf(table), tableName(table)));
    StringBuilder sql = new StringBuilder("DELETE FROM ").append(tableName(table));
    if (chance(3)) {
      sql.append(" WHERE ").append(condition(from, 1));
    }
    if (dialect == Dialect.POSTGRESQL && chance(4)) {
      sql.append(" RETURNING ").append(chance(2) ? "*" : pick(columnsOf(table)));
    }
    return sql.toString();
  }

  // ---------------------------------------------------------------- tokens

  /** Comments, odd spacing and letter case between tokens. */
  private String decorate(String sql) {
    String[] parts = sql.split(" ");
    StringBuilder out = new StringBuilder();
    for (String part : parts) {
      if (out.length() > 0) {
        out.append(
            switch (random.nextInt(12)) {
              case 0 -> " /* litcomment */ ";
              case 1 -> "\n";
              case 2 -> "\t";
              case 3 -> " -- litline\n";
              default -> " ";
            });
      }
      out.append(chance(10) ? part.toUpperCase(Locale.ROOT) : part);
    }
    return out.toString();
  }

  private String tableName(String table) {
    String name = identifier(table);
    if (chance(8)) {
      String schema =
          switch (dialect) {
            case POSTGRESQL -> "public";
            case H2 -> "PUBLIC";
            default -> "ehr";
          };
      return schema + "." + name;
    }
    return name;
  }

  /** An identifier, now and then quoted or in other letter case. */
  private String identifier(String name) {
    int style = random.nextInt(12);
    return switch (style) {
      case 0 -> name.toUpperCase(Locale.ROOT);
      case 1 -> quote(dialect == Dialect.H2 ? name.toUpperCase(Locale.ROOT) : name);
      case 2 -> quote(name.toUpperCase(Locale.ROOT));
      default -> name;
    };
  }

  private String quote(String name) {
    return dialect == Dialect.MYSQL || dialect == Dialect.MARIADB
        ? "`" + name + "`"
        : "\"" + name + "\"";
  }

  private String literal() {
    return switch (random.nextInt(6)) {
      case 0 -> String.valueOf(random.nextInt(100000));
      case 1 -> "NULL";
      case 2 -> "'lit''" + random.nextInt(10000) + "'";
      case 3 -> "DATE '2001-02-03'";
      default -> "'lit" + random.nextInt(100000) + "'";
    };
  }

  private static List<String> columnsOf(String table) {
    return switch (table) {
      case "patients" -> PATIENTS;
      case "visits" -> VISITS;
      default -> STAFF;
    };
  }

  private List<String> subset(List<String> columns) {
    List<String> out = new ArrayList<>();
    for (String c : columns) {
      if (chance(2)) {
        out.add(c);
      }
    }
    if (out.isEmpty()) {
      out.add(pick(columns));
    }
    return out;
  }

  private boolean chance(int oneIn) {
    return random.nextInt(oneIn) == 0;
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  @SafeVarargs
  private <T> T pick(T... items) {
    return items[random.nextInt(items.length)];
  }
}
