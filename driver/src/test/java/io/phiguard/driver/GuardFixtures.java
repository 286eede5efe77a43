package io.phiguard.driver;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Shared fixtures: in-memory H2 behind PhiGuard, a recording listener and reflection helpers. */
public final class GuardFixtures {
  private GuardFixtures() {}

  /** A fresh in-memory H2 URL, unique per call. */
  public static String h2Url() {
    return "jdbc:h2:mem:pg_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
  }

  /** H2's own data source class (named, not imported: it needs java.naming at compile time). */
  public static final String H2_DATA_SOURCE = "org.h2.jdbcx.JdbcDataSource";

  /** An {@code org.h2.jdbcx.JdbcDataSource} over a fresh in-memory database. */
  public static DataSource h2DataSource() {
    try {
      Class<?> type = Class.forName(H2_DATA_SOURCE);
      Object ds = type.getConstructor().newInstance();
      type.getMethod("setURL", String.class).invoke(ds, h2Url());
      type.getMethod("setUser", String.class).invoke(ds, "sa");
      type.getMethod("setPassword", String.class).invoke(ds, "");
      return (DataSource) ds;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** A guarded connection over a fresh H2 database. */
  public static Connection guarded(GateListener listener, boolean allowUnwrap) throws SQLException {
    return PhiGuardDataSource.wrap(
            h2DataSource(),
            PhiGuardConfig.builder().listener(listener).allowUnwrap(allowUnwrap).build())
        .getConnection();
  }

  /** A guarded connection with a table {@code T(ID INT PRIMARY KEY, V VARCHAR)} and two rows. */
  public static Connection guardedWithTable(GateListener listener) throws SQLException {
    Connection c = guarded(listener, false);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE T(ID INT PRIMARY KEY, V VARCHAR(100))");
      s.execute("INSERT INTO T VALUES (1, 'one'), (2, 'two')");
    }
    return c;
  }

  /** Records every decision and outcome the gate reports. */
  public static final class RecordingListener implements GateListener {
    public final List<GateRequest> requests = Collections.synchronizedList(new ArrayList<>());
    public final List<GateDecision> outcomes = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onDecision(GateRequest request, GateDecision decision) {
      requests.add(request);
    }

    @Override
    public void onOutcome(GateDecision decision, SQLException failure) {
      outcomes.add(decision);
    }

    public void clear() {
      requests.clear();
      outcomes.clear();
    }

    public GateRequest last() {
      return requests.get(requests.size() - 1);
    }
  }

  // ---- reflection ----

  /** The public abstract and default methods of {@code iface} and its super-interfaces. */
  public static List<Method> interfaceMethods(Class<?> iface) {
    return Arrays.stream(iface.getMethods())
        .filter(m -> !Modifier.isStatic(m.getModifiers()))
        .sorted(Comparator.comparing(GuardFixtures::signature))
        .toList();
  }

  /** {@code name(Type, Type)} for messages and sets. */
  public static String signature(Method m) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  /** 0, false, "x", empty arrays and null: arguments that reach the closed check first. */
  public static Object[] defaultArguments(Method m) {
    Class<?>[] types = m.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      args[i] = defaultValue(types[i]);
    }
    return args;
  }

  private static final Map<Class<?>, Object> PRIMITIVE_DEFAULTS =
      Map.of(
          boolean.class,
          false,
          byte.class,
          (byte) 0,
          short.class,
          (short) 0,
          int.class,
          0,
          long.class,
          0L,
          float.class,
          0f,
          double.class,
          0d,
          char.class,
          'x');

  public static Object defaultValue(Class<?> type) {
    if (type.isPrimitive()) {
      return PRIMITIVE_DEFAULTS.get(type);
    }
    if (type == String.class) {
      return "x";
    }
    if (type.isArray()) {
      return java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
    }
    return null;
  }

  /** Calls {@code m}; returns what it threw (unwrapped from reflection), or null. */
  public static Throwable thrownBy(Object target, Method m, Object... args) {
    m.trySetAccessible();
    try {
      m.invoke(target, args);
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** Calls {@code m}, rethrowing what it threw. */
  public static Object call(Object target, Method m, Object... args) throws Throwable {
    // public final methods inherited from a package-private base class (AbstractGuardedStatement)
    // are callable through the public subclass, but Method.invoke checks the declaring class
    m.trySetAccessible();
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
