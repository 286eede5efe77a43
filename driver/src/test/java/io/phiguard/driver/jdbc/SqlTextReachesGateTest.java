package io.phiguard.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.phiguard.driver.GateRequest;
import io.phiguard.driver.GuardFixtures;
import io.phiguard.driver.GuardFixtures.RecordingListener;
import io.phiguard.driver.Operation;
import io.phiguard.driver.PhiGuard;
import io.phiguard.policy.Identity;
import java.lang.reflect.Method;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every JDBC method that takes SQL text reaches the gate. The methods are found by reflection: a
 * method a future JDK adds with a {@code String} parameter fails here until it is classified.
 */
@SuppressWarnings("try") // scopes are opened for their effect
class SqlTextReachesGateTest {

  /** Methods whose String parameters are names, labels or literals, never SQL to run. */
  private static final Set<String> NOT_SQL =
      Set.of(
          "setCursorName",
          "enquoteLiteral",
          "enquoteNCharLiteral",
          "enquoteIdentifier",
          "isSimpleIdentifier",
          "setCatalog",
          "setSchema",
          "setClientInfo",
          "getClientInfo",
          "createArrayOf",
          "createStruct",
          "setSavepoint",
          "setString",
          "setNString",
          "setNull");

  /** What each SQL-taking method is judged as. */
  private static final Map<String, Operation> OPERATIONS =
      Map.of(
          "execute", Operation.EXECUTE,
          "executeQuery", Operation.EXECUTE_QUERY,
          "executeUpdate", Operation.EXECUTE_UPDATE,
          "executeLargeUpdate", Operation.EXECUTE_UPDATE,
          "addBatch", Operation.ADD_BATCH,
          "prepareStatement", Operation.PREPARE,
          "prepareCall", Operation.PREPARE_CALL,
          "nativeSQL", Operation.NATIVE_SQL);

  // dynamic tests share one @BeforeEach: each of them opens its own connection with fresh()
  private RecordingListener listener;
  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    fresh();
  }

  private void fresh() throws SQLException {
    listener = new RecordingListener();
    connection = GuardFixtures.guardedWithTable(listener);
    listener.clear();
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  static boolean takesSqlText(Class<?> iface, Method m) {
    if (!List.of(m.getParameterTypes()).contains(String.class) || NOT_SQL.contains(m.getName())) {
      return false;
    }
    // CallableStatement's String parameters name parameters and types
    return !(m.getDeclaringClass() == CallableStatement.class
        && m.getName().matches("(get|set|register).*"));
  }

  static List<Method> sqlMethods(Class<?> iface) {
    return GuardFixtures.interfaceMethods(iface).stream()
        .filter(m -> takesSqlText(iface, m))
        .toList();
  }

  @Test
  void reflectionFindsTheKnownSqlMethods() {
    // guards the classifier itself: if it found nothing, every dynamic test below would be vacuous
    assertThat(sqlMethods(Connection.class)).hasSize(10);
    assertThat(sqlMethods(Statement.class)).hasSize(14);
    assertThat(sqlMethods(PreparedStatement.class)).hasSize(14);
    assertThat(sqlMethods(CallableStatement.class)).hasSize(14);
  }

  @TestFactory
  Stream<DynamicTest> everySqlMethodReachesTheGate() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Class<?> iface :
        List.of(
            Connection.class, Statement.class, PreparedStatement.class, CallableStatement.class)) {
      for (Method m : sqlMethods(iface)) {
        tests.add(
            DynamicTest.dynamicTest(
                iface.getSimpleName() + "." + GuardFixtures.signature(m),
                () -> {
                  fresh();
                  try {
                    callReachesGate(iface, m);
                  } finally {
                    connection.close();
                  }
                }));
      }
    }
    return tests.stream();
  }

  private void callReachesGate(Class<?> iface, Method m) throws Throwable {
    Operation expected = OPERATIONS.get(m.getName());
    if (expected == null) {
      fail(
          "%s takes SQL text but is not classified: judge it in the driver and add it here",
          GuardFixtures.signature(m));
    }
    String sql =
        m.getName().equals("executeQuery")
            ? "SELECT V FROM T WHERE ID = 1 /* " + m + " */"
            : "UPDATE T SET V = V WHERE ID = 1 /* " + m + " */";
    Object target = target(iface);
    Object[] args = arguments(m, sql);
    Throwable thrown = GuardFixtures.thrownBy(target, m, args);
    // PhiGuard queues addBatch(String) itself, so a prepared statement's delegate refuses it only
    // at executeBatch; every other SQL-text method of a prepared statement must fail at once
    boolean mustRefuse =
        iface != Connection.class && iface != Statement.class && !m.getName().equals("addBatch");
    if (mustRefuse) {
      // JDBC: a prepared statement refuses SQL text; the gate still judged it before the delegate
      assertThat(thrown)
          .as("%s on a %s", m, iface.getSimpleName())
          .isInstanceOf(SQLException.class);
    } else if (thrown != null) {
      throw thrown;
    }
    assertThat(listener.requests)
        .as("gate requests for %s", GuardFixtures.signature(m))
        .extracting(GateRequest::operation, GateRequest::sql)
        .contains(org.assertj.core.groups.Tuple.tuple(expected, sql));
    if (target instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  private Object target(Class<?> iface) throws SQLException {
    Object target;
    if (iface == Connection.class) {
      target = connection;
    } else if (iface == Statement.class) {
      target = connection.createStatement();
    } else if (iface == PreparedStatement.class) {
      target = connection.prepareStatement("SELECT 1");
    } else {
      target = connection.prepareCall("SELECT 1");
    }
    listener.clear();
    return target;
  }

  /** The SQL first; ints as valid flags; column indexes and names of table T. */
  private static Object[] arguments(Method m, String sql) {
    Class<?>[] types = m.getParameterTypes();
    Object[] args = new Object[types.length];
    long ints = Stream.of(types).filter(t -> t == int.class).count();
    int[] flags =
        ints == 1
            ? new int[] {Statement.NO_GENERATED_KEYS}
            : new int[] {
              ResultSet.TYPE_FORWARD_ONLY,
              ResultSet.CONCUR_READ_ONLY,
              ResultSet.HOLD_CURSORS_OVER_COMMIT
            };
    int nextInt = 0;
    for (int i = 0; i < types.length; i++) {
      if (types[i] == String.class) {
        args[i] = sql;
      } else if (types[i] == int.class) {
        args[i] = flags[nextInt++];
      } else if (types[i] == int[].class) {
        args[i] = new int[] {1};
      } else if (types[i] == String[].class) {
        args[i] = new String[] {"ID"};
      } else {
        throw new AssertionError("no argument for " + types[i] + " in " + m);
      }
    }
    return args;
  }

  @Test
  void batchesAreJudgedWhenAddedAndAgainWhenExecuted() throws SQLException {
    String first = "UPDATE T SET V = 'a' WHERE ID = 1";
    String second = "UPDATE T SET V = 'b' WHERE ID = 2";
    try (Statement s = connection.createStatement()) {
      s.addBatch(first);
      s.addBatch(second);
      listener.clear();
      try (PhiGuard.Scope ignored = PhiGuard.actingAs(Identity.of("bob").build())) {
        assertThat(s.executeBatch()).containsExactly(1, 1);
      }
      s.addBatch(first);
      assertThat(s.executeLargeBatch()).containsExactly(1L);
    }
    assertThat(listener.requests)
        .extracting(GateRequest::operation, GateRequest::sql, r -> r.identity().subject())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Operation.EXECUTE_BATCH, first, "bob"),
            org.assertj.core.groups.Tuple.tuple(Operation.EXECUTE_BATCH, second, "bob"),
            org.assertj.core.groups.Tuple.tuple(Operation.ADD_BATCH, first, ""),
            org.assertj.core.groups.Tuple.tuple(Operation.EXECUTE_BATCH, first, ""));
  }

  static List<Method> preparedExecutions(Class<?> iface) {
    return GuardFixtures.interfaceMethods(iface).stream()
        .filter(m -> m.getName().startsWith("execute") && m.getParameterCount() == 0)
        .toList();
  }

  @TestFactory
  Stream<DynamicTest> preparedExecutionsAreJudgedAgainUnderTheIdentityOfThatMoment() {
    assertThat(preparedExecutions(PreparedStatement.class))
        .extracting(Method::getName)
        .contains("execute", "executeQuery", "executeUpdate", "executeBatch", "executeLargeBatch");
    List<DynamicTest> tests = new ArrayList<>();
    for (Class<?> iface : List.of(PreparedStatement.class, CallableStatement.class)) {
      for (Method m : preparedExecutions(iface)) {
        tests.add(
            DynamicTest.dynamicTest(
                iface.getSimpleName() + "." + GuardFixtures.signature(m),
                () -> {
                  fresh();
                  try {
                    preparedUnderAliceRunsAsBob(iface, m);
                  } finally {
                    connection.close();
                  }
                }));
      }
    }
    return tests.stream();
  }

  private void preparedUnderAliceRunsAsBob(Class<?> iface, Method m) throws Throwable {
    String sql =
        m.getName().equals("executeQuery") || m.getName().equals("execute")
            ? "SELECT V FROM T WHERE ID = 1"
            : "UPDATE T SET V = V WHERE ID = 1";
    PreparedStatement ps;
    try (PhiGuard.Scope ignored = PhiGuard.actingAs(Identity.of("alice").build())) {
      ps =
          iface == PreparedStatement.class
              ? connection.prepareStatement(sql)
              : connection.prepareCall(sql);
    }
    if (m.getName().contains("Batch")) {
      ps.addBatch();
    }
    try (PhiGuard.Scope ignored = PhiGuard.actingAs(Identity.of("bob").build())) {
      GuardFixtures.call(ps, m);
    } finally {
      ps.close();
    }
    GateRequest prepared = listener.requests.get(0);
    assertThat(prepared.operation())
        .isEqualTo(iface == PreparedStatement.class ? Operation.PREPARE : Operation.PREPARE_CALL);
    assertThat(prepared.identity().subject()).isEqualTo("alice");
    assertThat(listener.requests)
        .filteredOn(r -> r.operation() == Operation.EXECUTE_PREPARED)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.identity().subject()).isEqualTo("bob");
              assertThat(r.identity().source()).isEqualTo(Identity.Source.APPLICATION);
              assertThat(r.sql()).isEqualTo(sql);
            });
  }

  @Test
  void updatableResultSetWritesReachTheGateAsSynthesizedStatements() throws SQLException {
    try (Statement s =
            connection.createStatement(
                ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE);
        ResultSet rs = s.executeQuery("SELECT ID, V FROM T ORDER BY ID")) {
      listener.clear();
      assertThat(rs.next()).isTrue();
      rs.updateString("V", "uno");
      rs.updateRow();
      rs.refreshRow();
      rs.moveToInsertRow();
      rs.updateInt(1, 3);
      rs.updateString(2, "three");
      rs.insertRow();
      rs.moveToCurrentRow();
      rs.absolute(2);
      rs.deleteRow();
    }
    assertThat(listener.requests)
        .extracting(GateRequest::operation)
        .containsOnly(Operation.RESULT_SET_WRITE);
    assertThat(listener.requests)
        .extracting(GateRequest::sql)
        .containsExactly(
            "UPDATE \"PUBLIC\".\"T\" SET \"V\" = ?",
            "SELECT \"ID\", \"V\" FROM \"PUBLIC\".\"T\"",
            "INSERT INTO \"PUBLIC\".\"T\" (\"ID\", \"V\") VALUES (?, ?)",
            "DELETE FROM \"PUBLIC\".\"T\"");
    assertThat(listener.outcomes).hasSize(4);
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT ID, V FROM T ORDER BY ID")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getInt(1) + "=" + rs.getString(2));
      }
      assertThat(rows).containsExactly("1=uno", "3=three");
    }
  }
}
