package io.phiguard.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.driver.GuardFixtures;
import io.phiguard.driver.GuardFixtures.RecordingListener;
import io.phiguard.driver.PhiGuardException;
import java.lang.reflect.Method;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * After {@code close()} every method fails with {@code 08003} (Connection) or {@code 55000}
 * (Statement, ResultSet) — except the four that must keep working — and nothing reaches the gate.
 * Avatica's {@code AvaticaClosed*Test} pattern, over every method found by reflection.
 */
class ClosedObjectsTest {
  private static final Set<String> WORK_AFTER_CLOSE =
      Set.of("close", "isClosed", "isValid", "abort");

  /** How one kind of object gets closed. */
  @FunctionalInterface
  interface Closed {
    Object open(Connection c) throws SQLException;
  }

  record Case(String name, Class<?> iface, String state, Closed closed) {}

  static List<Case> cases() {
    return List.of(
        new Case(
            "Connection closed",
            Connection.class,
            "08003",
            c -> {
              c.close();
              return c;
            }),
        new Case(
            "Statement closed",
            Statement.class,
            "55000",
            c -> {
              Statement s = c.createStatement();
              s.close();
              return s;
            }),
        new Case(
            "Statement of a closed connection",
            Statement.class,
            "55000",
            c -> {
              Statement s = c.createStatement();
              c.close();
              return s;
            }),
        new Case(
            "PreparedStatement closed",
            PreparedStatement.class,
            "55000",
            c -> {
              PreparedStatement s = c.prepareStatement("SELECT ID FROM T");
              s.close();
              return s;
            }),
        new Case(
            "CallableStatement closed",
            CallableStatement.class,
            "55000",
            c -> {
              CallableStatement s = c.prepareCall("SELECT ID FROM T");
              s.close();
              return s;
            }),
        new Case(
            "ResultSet closed",
            ResultSet.class,
            "55000",
            c -> {
              ResultSet rs = c.createStatement().executeQuery("SELECT ID, V FROM T");
              rs.close();
              return rs;
            }),
        new Case(
            "ResultSet of a closed statement",
            ResultSet.class,
            "55000",
            c -> {
              Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT ID, V FROM T");
              s.close();
              return rs;
            }),
        new Case(
            "ResultSet of a closed connection",
            ResultSet.class,
            "55000",
            c -> {
              ResultSet rs = c.createStatement().executeQuery("SELECT ID, V FROM T");
              c.close();
              return rs;
            }));
  }

  @TestFactory
  Stream<DynamicNode> everyMethodFailsAfterClose() {
    return cases().stream()
        .map(
            k -> {
              List<DynamicTest> tests = new ArrayList<>();
              for (Method m : GuardFixtures.interfaceMethods(k.iface())) {
                if (WORK_AFTER_CLOSE.contains(m.getName())) {
                  continue;
                }
                tests.add(
                    DynamicTest.dynamicTest(
                        GuardFixtures.signature(m), () -> assertFailsClosed(k, m)));
              }
              return DynamicContainer.dynamicContainer(k.name(), tests);
            });
  }

  private static void assertFailsClosed(Case k, Method m) throws SQLException {
    RecordingListener listener = new RecordingListener();
    try (Connection c = GuardFixtures.guardedWithTable(listener)) {
      Object closed = k.closed().open(c);
      listener.clear();
      Throwable thrown = GuardFixtures.thrownBy(closed, m, GuardFixtures.defaultArguments(m));
      assertThat(thrown)
          .as("%s on a closed %s", GuardFixtures.signature(m), k.iface().getSimpleName())
          .isInstanceOf(SQLException.class);
      SQLException e = (SQLException) thrown;
      assertThat(e.getSQLState()).as("SQLState of %s: %s", m.getName(), e).isEqualTo(k.state());
      if (!(e instanceof SQLClientInfoException)) {
        // PhiGuard's own refusal, of the JDBC type its class calls for
        assertThat(thrown).isInstanceOf(PhiGuardException.class);
        assertThat(((PhiGuardException) e).state().code()).isEqualTo(k.state());
        if (k.state().equals("08003")) {
          assertThat(thrown).isInstanceOf(SQLNonTransientConnectionException.class);
        } else {
          assertThat(thrown).isNotInstanceOf(SQLNonTransientConnectionException.class);
        }
      }
      assertThat(listener.requests).as("gate requests after close").isEmpty();
    }
  }

  @TestFactory
  Stream<DynamicTest> lifeCycleMethodsKeepWorkingAfterClose() {
    return cases().stream()
        .map(
            k ->
                DynamicTest.dynamicTest(
                    k.name(),
                    () -> {
                      try (Connection c = GuardFixtures.guardedWithTable(new RecordingListener())) {
                        Object closed = k.closed().open(c);
                        assertThat(k.iface().getMethod("isClosed").invoke(closed)).isEqualTo(true);
                        k.iface().getMethod("close").invoke(closed);
                        k.iface().getMethod("close").invoke(closed);
                        assertThat(k.iface().getMethod("isClosed").invoke(closed)).isEqualTo(true);
                      }
                    }));
  }

  @Test
  void closedConnectionIsInvalidAndAbortIsANoOp() throws SQLException {
    Connection c = GuardFixtures.guarded(new RecordingListener(), false);
    c.close();
    assertThat(c.isClosed()).isTrue();
    assertThat(c.isValid(0)).isFalse();
    c.abort(Runnable::run);
    c.close();
    assertThat(c.isClosed()).isTrue();
  }

  @Test
  void abortClosesAnOpenConnection() throws SQLException {
    Connection c = GuardFixtures.guarded(new RecordingListener(), false);
    c.abort(Runnable::run);
    assertThat(c.isClosed()).isTrue();
    assertThat(c.isValid(0)).isFalse();
  }
}
