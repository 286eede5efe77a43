package io.phiguard.driver.jdbc;

import io.phiguard.driver.GateDecision;
import io.phiguard.driver.PhiGuardErrors;
import io.phiguard.driver.ResultMasks;
import io.phiguard.driver.SqlState;
import io.phiguard.rewrite.Mask;
import io.phiguard.rewrite.PostProcessColumn;
import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which columns of one result set PhiGuard masks in Java, and how: the decision's post-processed
 * columns ({@code hash}, {@code detect}), and every column whose base, as the database reports it,
 * is a protected column the SQL did not mask (a lineage miss: masked here with the column's own
 * mask and reported to the gate's listener). Worked out once, on the first read of a value.
 */
final class ColumnMasker {

  /** One masked column. */
  record Rule(int index, Mask mask, int jdbcType, String source, boolean lineageMiss) {
    String maskName() {
      return mask.kind().name().toLowerCase(Locale.ROOT);
    }
  }

  private final GuardedConnection connection;
  private final GateDecision decision;
  private final ResultSet delegate;
  private final boolean postProcessHere;
  private Map<Integer, Rule> rules;

  private ColumnMasker(
      GuardedConnection connection,
      GateDecision decision,
      ResultSet delegate,
      boolean postProcessHere) {
    this.connection = connection;
    this.decision = decision;
    this.delegate = delegate;
    this.postProcessHere = postProcessHere;
  }

  /**
   * The masker of a result set of {@code decision}, or null when it needs none.
   *
   * @param postProcessHere whether this is the result set the analysis describes (the statement's
   *     first); the post-processed columns apply only there
   */
  static ColumnMasker of(
      GuardedConnection connection,
      GateDecision decision,
      ResultSet delegate,
      boolean postProcessHere) {
    if (decision == null || !decision.resultMasks().active()) {
      return null;
    }
    return new ColumnMasker(connection, decision, delegate, postProcessHere);
  }

  ResultMasks masks() {
    return decision.resultMasks();
  }

  /** The rule of column {@code index}, or null when it is not masked. */
  Rule rule(int index) throws SQLException {
    return rules().get(index);
  }

  /** The rule of the column {@code label} names (as the delegate resolves it), or null. */
  Rule rule(String label) throws SQLException {
    Map<Integer, Rule> all = rules();
    if (all.isEmpty()) {
      return null;
    }
    return all.get(delegate.findColumn(label));
  }

  /** Whether any column of this result set is masked in Java. */
  boolean masksAny() throws SQLException {
    return !rules().isEmpty();
  }

  /** The masked value of {@code rule}'s column in the current row. */
  Object value(Rule rule) throws SQLException {
    ResultMasks masks = masks();
    return JavaMasks.apply(
        rule.mask(),
        delegate,
        rule.index(),
        rule.jdbcType(),
        masks.pseudonymizer().orElse(null),
        masks.detectors());
  }

  /**
   * Whether the analysis masked {@code table.column} in SQL for this statement. Only pgjdbc reports
   * a column's true base (a masked expression has none); MySQL/MariaDB and H2 report the inline
   * view's alias, which is the table's name, for masked and raw columns alike: there a protected
   * base is a lineage miss only when the analysis did not mask that column.
   */
  private boolean maskedBySql(String table, String column) {
    for (String masked : decision.maskedColumns()) {
      int dot = masked.lastIndexOf('.');
      if (masked.substring(0, dot).equalsIgnoreCase(table)
          && masked.substring(dot + 1).equalsIgnoreCase(column)) {
        return true;
      }
    }
    return false;
  }

  private Map<Integer, Rule> rules() throws SQLException {
    if (rules != null) {
      return rules;
    }
    ResultSetMetaData meta = delegate.getMetaData();
    int count = meta.getColumnCount();
    Map<Integer, Rule> found = new HashMap<>();
    ResultMasks masks = masks();
    if (postProcessHere) {
      for (PostProcessColumn column : masks.postProcess()) {
        if (column.index() < 1 || column.index() > count) {
          // the result is not the one analysed: nothing says where the raw values are
          throw PhiGuardErrors.of(
              SqlState.POLICY_DENIED,
              "the result set does not have the shape PhiGuard analysed, and it carries columns"
                  + " masked in the driver; the read is refused",
              "mask",
              decision.id());
        }
        found.put(
            column.index(),
            new Rule(
                column.index(),
                column.mask(),
                meta.getColumnType(column.index()),
                column.source().table() + "." + column.source().column(),
                false));
      }
    }
    if (masks.verifiesLineage()) {
      BaseColumns bases = BaseColumns.of(meta);
      for (int i = 1; i <= count; i++) {
        if (found.containsKey(i)) {
          continue;
        }
        String table = bases.table(i);
        String column = bases.column(i);
        Optional<Mask> mask = masks.protectedMask(bases.schema(i), table, column);
        if (mask.isPresent()) {
          String source = table + "." + column;
          // masked in Java either way: the SQL masks are idempotent, so a value the rewrite
          // already masked comes out the same, and a raw one comes out masked
          boolean miss = bases.exact() || !maskedBySql(table, column);
          found.put(i, new Rule(i, mask.get(), meta.getColumnType(i), source, miss));
          if (miss) {
            connection.context().gate().lineageMiss(decision, source, i);
          }
        }
      }
    }
    rules = Map.copyOf(found);
    return rules;
  }

  /**
   * A result column's base schema, table and column as the delegate reports them: pgjdbc through
   * its {@code PGResultSetMetaData.getBase*Name} methods (its {@code getTableName} is empty),
   * MySQL/MariaDB Connector/J and H2 through the standard {@code getTableName}/{@code
   * getColumnName}, which they fill with the original table and column (org_table, org_name).
   * Computed expressions have no base and report none.
   */
  private static final class BaseColumns {
    private final ResultSetMetaData meta;
    private final Method baseSchema;
    private final Method baseTable;
    private final Method baseColumn;

    private BaseColumns(ResultSetMetaData meta, Method schema, Method table, Method column) {
      this.meta = meta;
      this.baseSchema = schema;
      this.baseTable = table;
      this.baseColumn = column;
    }

    static BaseColumns of(ResultSetMetaData meta) {
      Method table = method(meta, "getBaseTableName");
      Method column = method(meta, "getBaseColumnName");
      Method schema = method(meta, "getBaseSchemaName");
      return new BaseColumns(meta, schema, table, column);
    }

    private static Method method(ResultSetMetaData meta, String name) {
      // looked up on the public interfaces: the implementation class may not be accessible
      for (Class<?> type = meta.getClass(); type != null; type = type.getSuperclass()) {
        for (Class<?> iface : type.getInterfaces()) {
          try {
            return iface.getMethod(name, int.class);
          } catch (NoSuchMethodException e) {
            // not this one
          }
        }
      }
      return null;
    }

    private String call(Method method, int index) throws SQLException {
      try {
        Object value = method.invoke(meta, index);
        return value == null ? null : value.toString();
      } catch (ReflectiveOperationException | RuntimeException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        return null;
      }
    }

    String schema(int index) throws SQLException {
      return baseSchema != null ? call(baseSchema, index) : meta.getSchemaName(index);
    }

    String table(int index) throws SQLException {
      return baseTable != null ? call(baseTable, index) : meta.getTableName(index);
    }

    String column(int index) throws SQLException {
      return baseColumn != null ? call(baseColumn, index) : meta.getColumnName(index);
    }

    /** Whether the names are the true base (pgjdbc), not possibly a derived table's alias. */
    boolean exact() {
      return baseTable != null && baseColumn != null;
    }
  }
}
