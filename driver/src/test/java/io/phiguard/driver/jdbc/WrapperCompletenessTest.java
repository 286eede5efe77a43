package io.phiguard.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.driver.GuardFixtures;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method of every wrapped JDBC interface, JDBC 4.3 defaults included, is implemented by our
 * own class: a method a future JDK adds as a default must not run on the wrapper unchecked.
 */
class WrapperCompletenessTest {

  static Stream<Arguments> wrappers() {
    return Stream.of(
        Arguments.of(Connection.class, GuardedConnection.class),
        Arguments.of(Statement.class, GuardedStatement.class),
        Arguments.of(PreparedStatement.class, GuardedPreparedStatement.class),
        Arguments.of(CallableStatement.class, GuardedCallableStatement.class),
        Arguments.of(ResultSet.class, GuardedResultSet.class),
        Arguments.of(DatabaseMetaData.class, GuardedDatabaseMetaData.class),
        Arguments.of(ResultSetMetaData.class, GuardedResultSetMetaData.class),
        Arguments.of(ParameterMetaData.class, GuardedParameterMetaData.class),
        Arguments.of(Array.class, GuardedArray.class),
        Arguments.of(Blob.class, GuardedBlob.class),
        Arguments.of(Clob.class, GuardedClob.class),
        Arguments.of(NClob.class, GuardedNClob.class),
        Arguments.of(SQLXML.class, GuardedSQLXML.class),
        Arguments.of(Ref.class, GuardedRef.class),
        Arguments.of(Struct.class, GuardedStruct.class),
        Arguments.of(RowId.class, GuardedRowId.class),
        Arguments.of(Savepoint.class, GuardedSavepoint.class));
  }

  @ParameterizedTest(name = "{1} implements every method of {0}")
  @MethodSource("wrappers")
  void everyInterfaceMethodIsDeclaredOnOurClass(Class<?> iface, Class<?> guarded)
      throws NoSuchMethodException {
    assertThat(iface).isAssignableFrom(guarded);
    List<String> inherited = new ArrayList<>();
    for (Method m : GuardFixtures.interfaceMethods(iface)) {
      Method impl = guarded.getMethod(m.getName(), m.getParameterTypes());
      if (impl.getDeclaringClass().isInterface() || Modifier.isAbstract(impl.getModifiers())) {
        inherited.add(
            GuardFixtures.signature(m) + " from " + impl.getDeclaringClass().getSimpleName());
      }
    }
    assertThat(inherited)
        .as("methods %s leaves to the interface", guarded.getSimpleName())
        .isEmpty();
  }

  @ParameterizedTest(name = "{1} is a public final class")
  @MethodSource("wrappers")
  void wrappersAreFinal(Class<?> iface, Class<?> guarded) {
    assertThat(Modifier.isFinal(guarded.getModifiers())).isTrue();
    assertThat(Modifier.isPublic(guarded.getModifiers())).isTrue();
  }

  @ParameterizedTest(name = "{1} declares no public constructor")
  @MethodSource("wrappers")
  void wrappersCannotBeBuiltAroundArbitraryObjects(Class<?> iface, Class<?> guarded) {
    // only the driver puts a delegate behind a wrapper; a public constructor would let callers wrap
    // objects that never passed the gate and pass them back as "guarded"
    assertThat(guarded.getConstructors()).isEmpty();
  }
}
