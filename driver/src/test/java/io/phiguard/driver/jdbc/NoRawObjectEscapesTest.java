package io.phiguard.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.driver.GuardFixtures;
import io.phiguard.driver.GuardFixtures.RecordingListener;
import io.phiguard.driver.PhiGuardException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.sql.Types;
import java.sql.Wrapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code phiguard.allowUnwrap} off, no call hands out a delegate object: every public method
 * of every guarded object that returns a JDBC type or {@code Object} is called by reflection, with
 * arguments that make it succeed on real H2 objects, and what it returns is checked — one level
 * deep into the results.
 */
class NoRawObjectEscapesTest {
  private static final List<Class<?>> JDBC_TYPES =
      List.of(
          Connection.class,
          Statement.class,
          PreparedStatement.class,
          CallableStatement.class,
          ResultSet.class,
          DatabaseMetaData.class,
          ResultSetMetaData.class,
          ParameterMetaData.class,
          Array.class,
          Blob.class,
          Clob.class,
          NClob.class,
          SQLXML.class,
          Struct.class,
          Ref.class,
          RowId.class,
          Savepoint.class,
          SQLWarning.class,
          Wrapper.class);

  private static final List<String> H2_CLASSES =
      List.of(
          "org.h2.jdbc.JdbcConnection",
          "org.h2.jdbc.JdbcStatement",
          "org.h2.jdbc.JdbcPreparedStatement",
          "org.h2.jdbc.JdbcCallableStatement",
          "org.h2.jdbc.JdbcResultSet",
          "org.h2.jdbc.JdbcDatabaseMetaData",
          "org.h2.jdbc.JdbcResultSetMetaData",
          "org.h2.jdbc.JdbcParameterMetaData",
          "org.h2.jdbc.JdbcArray",
          "org.h2.jdbc.JdbcBlob",
          "org.h2.jdbc.JdbcClob",
          "org.h2.jdbc.JdbcLob",
          "org.h2.jdbc.JdbcSQLXML",
          "org.h2.jdbc.JdbcSavepoint");

  // the columns of P, in order
  private static final List<String> COLUMNS = List.of("ID", "C", "B", "A", "R", "V", "N");
  private static final String QUERY = "SELECT ID, C, B, A, R, V, N FROM P";

  private RecordingListener listener;
  private Connection connection;
  private final List<String> leaks = new ArrayList<>();
  private final Set<String> returned = new TreeSet<>();
  private final Map<Object, Boolean> visited = new IdentityHashMap<>();
  private final Map<Class<?>, Integer> explorations = new HashMap<>();

  @BeforeEach
  void open() throws SQLException {
    listener = new RecordingListener();
    connection = GuardFixtures.guarded(listener, false);
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE TABLE P(ID INT AUTO_INCREMENT PRIMARY KEY, C CLOB, B BLOB, A INTEGER ARRAY,"
              + " R ROW(X INT, Y VARCHAR(10)), V VARCHAR(20), N NCLOB)");
      s.execute(
          "INSERT INTO P(C, B, A, R, V, N) VALUES ('clob text', X'0102', ARRAY[1, 2],"
              + " ROW(1, 'y'), 'v', 'nclob text')");
    }
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  static List<Class<?>> classArguments() {
    List<Class<?>> classes = new ArrayList<>(JDBC_TYPES);
    classes.add(Object.class);
    for (String name : H2_CLASSES) {
      try {
        classes.add(Class.forName(name));
      } catch (ClassNotFoundException e) {
        throw new AssertionError(name, e);
      }
    }
    return classes;
  }

  // ---- the roots: one object of every guarded type, in a state where its methods succeed ----

  private Map<String, Object> roots() throws SQLException {
    Map<String, Object> roots = new LinkedHashMap<>();
    roots.put("connection", connection);
    Statement statement = connection.createStatement();
    statement.executeUpdate(
        "INSERT INTO P(V) VALUES ('generated')", Statement.RETURN_GENERATED_KEYS);
    roots.put("statement with generated keys", statement);
    Statement querying = connection.createStatement();
    querying.execute(QUERY);
    roots.put("statement with a result", querying);
    PreparedStatement prepared = connection.prepareStatement(QUERY + " WHERE ID = ?");
    prepared.setInt(1, 1);
    roots.put("prepared statement", prepared);
    CallableStatement callable = connection.prepareCall("{? = CALL CAST('out' AS CLOB)}");
    callable.registerOutParameter(1, Types.CLOB);
    callable.execute();
    roots.put("callable statement", callable);
    ResultSet rs =
        connection
            .createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)
            .executeQuery(QUERY + " ORDER BY ID");
    assertThat(rs.next()).isTrue();
    roots.put("result set", rs);
    roots.put("database metadata", connection.getMetaData());
    roots.put("result set metadata", rs.getMetaData());
    roots.put("parameter metadata", prepared.getParameterMetaData());
    roots.put("array", rs.getArray("A"));
    roots.put("blob", rs.getBlob("B"));
    roots.put("clob", rs.getClob("C"));
    roots.put("nclob", rs.getNClob("N"));
    roots.put("sqlxml", connection.createSQLXML());
    connection.setAutoCommit(false);
    roots.put("savepoint", connection.setSavepoint("sp"));
    GuardedConnection guarded = (GuardedConnection) connection;
    // H2 has no Struct, Ref or RowId: fakes stand in for a delegate that has them
    roots.put("struct", guarded.wrap(fake(Struct.class)));
    roots.put("ref", guarded.wrap(fake(Ref.class)));
    roots.put("rowid", guarded.wrap(fake(RowId.class)));
    for (Map.Entry<String, Object> root : roots.entrySet()) {
      assertThat(root.getValue()).as(root.getKey()).isNotNull();
    }
    return roots;
  }

  /** A raw vendor object: its JDBC results are raw vendor objects too. */
  @SuppressWarnings("unchecked")
  static <T> T fake(Class<T> iface) {
    return (T)
        Proxy.newProxyInstance(
            NoRawObjectEscapesTest.class.getClassLoader(),
            new Class<?>[] {iface},
            (proxy, method, args) -> {
              Class<?> type = method.getReturnType();
              return switch (method.getName()) {
                case "getAttributes" -> new Object[] {fake(Blob.class), "s", fake(Array.class)};
                case "getObject" -> fake(Clob.class);
                case "getResultSet" -> fake(ResultSet.class);
                case "getArray" -> new Object[] {fake(Clob.class)};
                case "toString" -> "fake " + iface.getSimpleName();
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default ->
                    type.isInterface() && type.getName().startsWith("java.sql.")
                        ? fake(type)
                        : GuardFixtures.defaultValue(type);
              };
            });
  }

  // ---- exploring ----

  private static boolean returnsJdbcOrObject(Method m) {
    Class<?> type = m.getReturnType();
    return type == Object.class
        || type == Object[].class
        || JDBC_TYPES.stream().anyMatch(t -> t.isAssignableFrom(type) || type.isAssignableFrom(t))
            && type != void.class
            && !type.isPrimitive();
  }

  private void explore(Object target, String path, int depth) {
    // roots always; what they return at most a few times per class, to bound the walk
    if (visited.put(target, true) != null
        || (depth > 0 && explorations.merge(target.getClass(), 1, Integer::sum) > 3)) {
      return;
    }
    // getters first: executing on a statement replaces the result its getResultSet() returns
    List<Method> methods = new ArrayList<>(List.of(target.getClass().getMethods()));
    methods.sort(
        java.util.Comparator.comparing((Method m) -> !m.getName().startsWith("get"))
            .thenComparing(GuardFixtures::signature));
    for (Method m : methods) {
      if (Modifier.isStatic(m.getModifiers())
          || m.getDeclaringClass() == Object.class
          || !returnsJdbcOrObject(m)) {
        continue;
      }
      for (Object[] args : argumentSets(m)) {
        Object result;
        try {
          result = GuardFixtures.call(target, m, args);
        } catch (SQLException | UnsupportedOperationException | ClassCastException e) {
          continue;
        } catch (Throwable e) {
          leaks.add(path + "." + GuardFixtures.signature(m) + " threw " + e);
          continue;
        }
        if (result == null) {
          continue;
        }
        String where = target.getClass().getSimpleName() + "." + m.getName();
        returned.add(where);
        check(result, path + "." + GuardFixtures.signature(m) + argsText(args), depth);
      }
    }
  }

  private void check(Object result, String where, int depth) {
    if (result instanceof Object[] values) {
      for (Object value : values) {
        if (value != null) {
          check(value, where + "[]", depth);
        }
      }
      return;
    }
    String name = result.getClass().getName();
    boolean jdbc = JDBC_TYPES.stream().anyMatch(t -> t.isInstance(result));
    boolean ours = name.startsWith("io.phiguard.") || name.startsWith("java.sql.");
    if (name.startsWith("org.h2.") || (jdbc && !ours)) {
      leaks.add(where + " returned " + name);
      return;
    }
    if (jdbc && depth < 2 && !(result instanceof Connection) && !(result instanceof Statement)) {
      // connections and statements are roots of their own: exploring them again would close the
      // result sets under exploration
      explore(result, where, depth + 1);
    }
  }

  private static String argsText(Object[] args) {
    List<String> parts = new ArrayList<>();
    for (Object a : args) {
      parts.add(a instanceof Class<?> c ? c.getSimpleName() + ".class" : String.valueOf(a));
    }
    return parts.toString();
  }

  /** Argument sets that let each method succeed: every column, valid flags, SQL, every class. */
  private static List<Object[]> argumentSets(Method m) {
    Class<?>[] types = m.getParameterTypes();
    if (types.length == 0) {
      return List.<Object[]>of(new Object[0]);
    }
    List<Object[]> sets = new ArrayList<>();
    for (int k = 1; k <= COLUMNS.size(); k++) {
      sets.add(fill(types, new int[] {k, k, k}, COLUMNS.get(k - 1)));
    }
    int ints = (int) java.util.Arrays.stream(types).filter(t -> t == int.class).count();
    int[] flags =
        ints == 1
            ? new int[] {Statement.RETURN_GENERATED_KEYS}
            : new int[] {
              ResultSet.TYPE_SCROLL_INSENSITIVE,
              ResultSet.CONCUR_READ_ONLY,
              ResultSet.HOLD_CURSORS_OVER_COMMIT
            };
    sets.add(fill(types, flags, QUERY));
    sets.add(fill(types, new int[] {1, 1, 1}, "INTEGER"));
    sets.add(fill(types, new int[] {1, 1, 1}, null));
    List<Object[]> withClasses = new ArrayList<>();
    for (Object[] set : sets) {
      int classAt = java.util.Arrays.asList(types).indexOf(Class.class);
      if (classAt < 0) {
        withClasses.add(set);
        continue;
      }
      for (Class<?> c : classArguments()) {
        Object[] copy = set.clone();
        copy[classAt] = c;
        withClasses.add(copy);
      }
    }
    return withClasses;
  }

  private static Object[] fill(Class<?>[] types, int[] ints, String text) {
    Object[] args = new Object[types.length];
    int nextInt = 0;
    for (int i = 0; i < types.length; i++) {
      Class<?> t = types[i];
      if (t == int.class) {
        args[i] = ints[Math.min(nextInt++, ints.length - 1)];
      } else if (t == long.class) {
        args[i] = 1L;
      } else if (t == String.class) {
        args[i] = text;
      } else if (t == String[].class) {
        args[i] = new String[] {"ID"};
      } else if (t == int[].class) {
        args[i] = new int[] {1};
      } else if (t == Object[].class) {
        args[i] = new Object[] {1, 2};
      } else if (t == Map.class) {
        args[i] = new HashMap<String, Class<?>>();
      } else {
        args[i] = GuardFixtures.defaultValue(t);
      }
    }
    return args;
  }

  // ---- the tests ----

  @Test
  void noMethodOfAnyGuardedObjectReturnsADelegateObject() throws SQLException {
    for (Map.Entry<String, Object> root : roots().entrySet()) {
      explore(root.getValue(), root.getKey(), 0);
    }
    assertThat(leaks).as("raw delegate objects handed out").isEmpty();
    // the exploration really reached the objects that matter (an empty walk proves nothing)
    assertThat(returned)
        .contains(
            "GuardedConnection.createStatement",
            "GuardedConnection.prepareStatement",
            "GuardedConnection.prepareCall",
            "GuardedConnection.getMetaData",
            "GuardedConnection.createClob",
            "GuardedConnection.createBlob",
            "GuardedConnection.createNClob",
            "GuardedConnection.createArrayOf",
            "GuardedConnection.setSavepoint",
            "GuardedConnection.unwrap",
            "GuardedStatement.getGeneratedKeys",
            "GuardedStatement.getResultSet",
            "GuardedStatement.executeQuery",
            "GuardedStatement.getConnection",
            "GuardedPreparedStatement.executeQuery",
            "GuardedPreparedStatement.getMetaData",
            "GuardedPreparedStatement.getParameterMetaData",
            "GuardedCallableStatement.getObject",
            "GuardedCallableStatement.getClob",
            "GuardedResultSet.getObject",
            "GuardedResultSet.getArray",
            "GuardedResultSet.getBlob",
            "GuardedResultSet.getClob",
            "GuardedResultSet.getNClob",
            "GuardedResultSet.getStatement",
            "GuardedResultSet.getMetaData",
            "GuardedDatabaseMetaData.getTables",
            "GuardedDatabaseMetaData.getColumns",
            "GuardedDatabaseMetaData.getConnection",
            "GuardedArray.getArray",
            "GuardedArray.getResultSet",
            "GuardedStruct.getAttributes",
            "GuardedRef.getObject");
  }

  @Test
  void rowValuesAndLobsFromGetObjectAreGuarded() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(QUERY)) {
      assertThat(rs.next()).isTrue();
      // H2's CLOBs are NClobs too
      assertThat(rs.getObject("C")).isInstanceOfAny(GuardedClob.class, GuardedNClob.class);
      assertThat(rs.getObject("B")).isInstanceOf(GuardedBlob.class);
      assertThat(rs.getObject("R")).isInstanceOf(GuardedResultSet.class);
      assertThat(rs.getObject("C", Clob.class))
          .isInstanceOfAny(GuardedClob.class, GuardedNClob.class);
      assertThat(rs.getObject("A", Array.class)).isInstanceOf(GuardedArray.class);
      assertThat(rs.getArray("A").getResultSet()).isInstanceOf(GuardedResultSet.class);
    }
  }

  @Test
  void unwrapToAnythingButOurselvesIsRefusedWith42501() throws SQLException {
    int refusals = 0;
    for (Map.Entry<String, Object> root : roots().entrySet()) {
      if (!(root.getValue() instanceof Wrapper wrapper)) {
        continue;
      }
      for (Class<?> target : classArguments()) {
        if (target.isInstance(wrapper)) {
          assertThat(wrapper.unwrap(target)).isSameAs(wrapper);
          assertThat(wrapper.isWrapperFor(target)).isTrue();
          continue;
        }
        assertThat(wrapper.isWrapperFor(target))
            .as("%s.isWrapperFor(%s)", root.getKey(), target.getName())
            .isFalse();
        assertThatThrownBy(() -> wrapper.unwrap(target))
            .as("%s.unwrap(%s)", root.getKey(), target.getName())
            .isInstanceOf(SQLException.class)
            .isInstanceOf(PhiGuardException.class)
            .hasFieldOrPropertyWithValue("SQLState", "42501");
        refusals++;
      }
    }
    assertThat(refusals).isGreaterThan(100);
  }

  @Test
  void unwrapHandsOutTheRawConnectionOnlyWhenAllowed() throws Exception {
    @SuppressWarnings("unchecked")
    Class<? extends Connection> h2 =
        (Class<? extends Connection>) Class.forName("org.h2.jdbc.JdbcConnection");
    assertThat(connection.isWrapperFor(h2)).isFalse();
    try (Connection allowed = GuardFixtures.guarded(new RecordingListener(), true)) {
      assertThat(allowed.isWrapperFor(h2)).isTrue();
      Connection raw = allowed.unwrap(h2);
      assertThat(raw).isInstanceOf(h2).isNotSameAs(allowed);
      assertThat(allowed.unwrap(Connection.class)).isSameAs(allowed);
    }
  }

  @Test
  void backReferencesLeadToTheGuardedObjects() throws SQLException {
    try (Statement s = connection.createStatement()) {
      assertThat(s.getConnection()).isSameAs(connection);
      s.executeUpdate("INSERT INTO P(V) VALUES ('k')", Statement.RETURN_GENERATED_KEYS);
      try (ResultSet keys = s.getGeneratedKeys()) {
        assertThat(keys).isInstanceOf(GuardedResultSet.class);
        assertThat(keys.getStatement()).isSameAs(s);
      }
      assertThat(s.execute(QUERY)).isTrue();
      ResultSet rs = s.getResultSet();
      assertThat(rs.getStatement()).isSameAs(s);
      assertThat(s.getResultSet()).as("the same wrapper each time").isSameAs(rs);
    }
    try (PreparedStatement ps = connection.prepareStatement(QUERY);
        ResultSet rs = ps.executeQuery()) {
      assertThat(ps.getConnection()).isSameAs(connection);
      assertThat(rs.getStatement()).isSameAs(ps);
    }
    try (CallableStatement cs = connection.prepareCall(QUERY)) {
      assertThat(cs.getConnection()).isSameAs(connection);
    }
    DatabaseMetaData meta = connection.getMetaData();
    assertThat(meta.getConnection()).isSameAs(connection);
    try (ResultSet tables = meta.getTables(null, null, "P", null)) {
      assertThat(tables).isInstanceOf(GuardedResultSet.class);
      assertThat(tables.getStatement()).isNull();
    }
  }
}
