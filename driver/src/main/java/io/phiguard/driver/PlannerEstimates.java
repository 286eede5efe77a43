package io.phiguard.driver;

import io.phiguard.rewrite.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Planner row estimates for {@code rows > N} rules, made with {@code EXPLAIN} on the caller's own
 * connection at execution time with the values bound then (PostgreSQL 15 has no generic-plan
 * EXPLAIN), and cached per statement text and values for a few minutes; once several different
 * values of one statement text got the same estimate (a lookup by key: 1 row whatever the key), the
 * estimate is cached per text, so a prepared statement run with ever new values is not explained at
 * every execution (the row cap still holds each run to N). On PostgreSQL inside a transaction the
 * EXPLAIN runs under a savepoint, so a failed EXPLAIN cannot abort the caller's transaction. No
 * estimate (-1) on H2 and other databases, for values that cannot be bound twice, or when EXPLAIN
 * fails: the row cap alone holds the statement to N then.
 */
final class PlannerEstimates {
  private static final int MAX_ENTRIES = 10_000;
  private static final long TTL_NANOS = 300_000_000_000L;
  private static final Pattern PG_ROWS = Pattern.compile("\\brows=(\\d+)");

  private record Key(String sql, String paramsDigest) {}

  private record Known(long rows, long atNanos, boolean seen) {}

  /**
   * What is known of a statement's rows.
   *
   * @param rows the planner's estimate, or the rows a read was seen to return past its cap; -1 for
   *     none
   * @param seen whether {@code rows} was seen (a read past the cap) rather than estimated
   */
  record Estimate(long rows, boolean seen) {
    static final Estimate NONE = new Estimate(-1, false);
  }

  /** One statement text: its last estimate, and how many different values in a row agreed. */
  private record Shape(long rows, int agreeing, long atNanos) {}

  // values that agree this often make the estimate the statement text's
  private static final int AGREEING_VALUES = 3;

  private final ConcurrentHashMap<Key, Known> known = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Shape> shapes = new ConcurrentHashMap<>();

  /**
   * The rows the planner expects {@code sql} to return (a query) or change (UPDATE, DELETE), at
   * most its own literal LIMIT, or the rows a read of it was seen to return past its cap; -1 when
   * no estimate can be made.
   *
   * @param values binds the statement's values to the EXPLAIN; null for a statement without
   */
  Estimate estimate(
      Dialect dialect,
      Connection raw,
      String sql,
      String paramsDigest,
      RowCheck check,
      BoundValues values) {
    Key key = new Key(sql, paramsDigest);
    Known cached = known.get(key);
    long now = System.nanoTime();
    if (cached != null && now - cached.atNanos() < TTL_NANOS) {
      return new Estimate(cached.rows(), cached.seen());
    }
    Shape shape = shapes.get(sql);
    if (shape != null && shape.agreeing() >= AGREEING_VALUES && now - shape.atNanos() < TTL_NANOS) {
      return new Estimate(shape.rows(), false);
    }
    if (!check.limit().estimable()
        || !(dialect == Dialect.POSTGRESQL
            || dialect == Dialect.MARIADB
            || dialect == Dialect.MYSQL)) {
      return Estimate.NONE;
    }
    if (check.limit().aggregates() && dialect != Dialect.POSTGRESQL) {
      // MySQL and MariaDB estimate the rows an aggregate examines, not the rows it returns
      return Estimate.NONE;
    }
    long rows;
    try {
      rows = explain(dialect, raw, sql, values);
    } catch (SQLException e) {
      rows = -1;
    }
    long limit = check.limit().resultLimit();
    if (rows >= 0 && limit >= 0) {
      rows = Math.min(rows, limit);
    }
    if (rows >= 0) {
      remember(key, new Known(rows, now, false));
      boolean agrees = shape != null && shape.rows() == rows && now - shape.atNanos() < TTL_NANOS;
      if (shapes.size() >= MAX_ENTRIES) {
        shapes.clear();
      }
      shapes.put(
          sql, new Shape(rows, agrees ? shape.agreeing() + 1 : 1, agrees ? shape.atNanos() : now));
    }
    return rows < 0 ? Estimate.NONE : new Estimate(rows, false);
  }

  /** A read of {@code sql} with these values returned at least {@code rows}: remembered. */
  void exceeded(String sql, String paramsDigest, long rows) {
    // the text's estimate is not to be trusted for other values any more
    shapes.remove(sql);
    Key key = new Key(sql, paramsDigest == null ? "" : paramsDigest);
    Known cached = known.get(key);
    remember(
        key,
        new Known(cached == null ? rows : Math.max(rows, cached.rows()), System.nanoTime(), true));
  }

  /** After DDL: tables and their statistics may have changed. */
  void clear() {
    known.clear();
    shapes.clear();
  }

  private void remember(Key key, Known value) {
    if (known.size() >= MAX_ENTRIES) {
      known.clear();
    }
    known.put(key, value);
  }

  private static long explain(Dialect dialect, Connection raw, String sql, BoundValues values)
      throws SQLException {
    boolean savepoint = dialect == Dialect.POSTGRESQL && !raw.getAutoCommit();
    Savepoint before = savepoint ? raw.setSavepoint() : null;
    try {
      long rows = run(dialect, raw, "EXPLAIN " + sql, values);
      if (before != null) {
        raw.releaseSavepoint(before);
      }
      return rows;
    } catch (SQLException | RuntimeException e) {
      if (before != null) {
        raw.rollback(before);
        raw.releaseSavepoint(before);
      }
      throw e;
    }
  }

  private static long run(Dialect dialect, Connection raw, String explain, BoundValues values)
      throws SQLException {
    if (values == null) {
      try (Statement st = raw.createStatement();
          ResultSet rs = st.executeQuery(explain)) {
        return read(dialect, rs);
      }
    }
    try (PreparedStatement ps = raw.prepareStatement(explain)) {
      if (!values.bindTo(ps)) {
        return -1;
      }
      try (ResultSet rs = ps.executeQuery()) {
        return read(dialect, rs);
      }
    }
  }

  private static long read(Dialect dialect, ResultSet rs) throws SQLException {
    return dialect == Dialect.POSTGRESQL ? readPostgres(rs) : readMySql(rs);
  }

  /**
   * The top plan node's rows; for UPDATE, DELETE and MERGE (whose top node returns no rows without
   * RETURNING) those of the node below it.
   */
  private static long readPostgres(ResultSet rs) throws SQLException {
    boolean modifies = false;
    boolean first = true;
    while (rs.next()) {
      String line = rs.getString(1);
      if (line == null) {
        continue;
      }
      if (first) {
        String head = line.strip().toLowerCase(Locale.ROOT);
        modifies =
            head.startsWith("update on")
                || head.startsWith("delete on")
                || head.startsWith("merge on");
        first = false;
        if (modifies) {
          continue;
        }
      }
      Matcher m = PG_ROWS.matcher(line);
      if (m.find()) {
        return Long.parseLong(m.group(1));
      }
    }
    return -1;
  }

  /**
   * The rows of the result: for each query block of the outer query (the first, and each UNION
   * branch), the product of its tables' {@code rows} (times {@code filtered} where reported), the
   * rows a nested-loop plan produces; the blocks summed. Subqueries and derived tables count
   * through the outer block's own rows.
   */
  private static long readMySql(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int rowsColumn = -1;
    int filteredColumn = -1;
    int idColumn = -1;
    int typeColumn = -1;
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      String label = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
      switch (label) {
        case "rows" -> rowsColumn = i;
        case "filtered" -> filteredColumn = i;
        case "id" -> idColumn = i;
        case "select_type" -> typeColumn = i;
        default -> {}
      }
    }
    if (rowsColumn < 0) {
      return -1;
    }
    Map<String, Double> blocks = new LinkedHashMap<>();
    boolean any = false;
    while (rs.next()) {
      String type = typeColumn < 0 ? "SIMPLE" : rs.getString(typeColumn);
      if (!OUTER_BLOCKS.contains(type == null ? "" : type.toUpperCase(Locale.ROOT))) {
        continue;
      }
      any = true;
      String id = idColumn < 0 ? "1" : String.valueOf(rs.getString(idColumn));
      String rows = rs.getString(rowsColumn);
      if (rows == null) {
        // no rows to read ("Impossible WHERE", a constant table): contributes its block as is
        blocks.putIfAbsent(id, 0.0);
        continue;
      }
      double factor = Double.parseDouble(rows);
      if (filteredColumn > 0) {
        String filtered = rs.getString(filteredColumn);
        if (filtered != null) {
          factor = factor * Double.parseDouble(filtered) / 100.0;
        }
      }
      double known = blocks.getOrDefault(id, 0.0);
      blocks.put(id, known == 0.0 ? factor : known * Math.max(factor, 1));
    }
    if (!any) {
      return -1;
    }
    double total = blocks.values().stream().mapToDouble(Double::doubleValue).sum();
    return total >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(total);
  }

  private static final Set<String> OUTER_BLOCKS =
      Set.of("SIMPLE", "PRIMARY", "UNION", "INSERT", "UPDATE", "DELETE");
}
