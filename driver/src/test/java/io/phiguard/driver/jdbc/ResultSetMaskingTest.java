package io.phiguard.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.driver.GateDecision;
import io.phiguard.driver.GateListener;
import io.phiguard.driver.GuardFixtures;
import io.phiguard.driver.Operation;
import io.phiguard.driver.PhiGuard;
import io.phiguard.driver.PhiGuardConfig;
import io.phiguard.driver.PhiGuardDataSource;
import io.phiguard.policy.Identity;
import io.phiguard.policy.Pseudonymizer;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.NClob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GuardedResultSet's Java-side masks on H2: hash and detect columns through every getter, by index
 * and by label, and the lineage-miss backstop on a stub delegate whose metadata names a protected
 * column the analysis did not mask.
 */
class ResultSetMaskingTest {
  private static final String KEY = "0123456789abcdef0123456789abcdef";
  private static final String SSN = "900-11-0001";
  private static final String NOTE =
      "pt called from 212-555-0143 about SSN 123-45-6789, MRN: 00123456, seen 2024-03-05";

  @TempDir Path dir;

  private final List<String> misses = Collections.synchronizedList(new ArrayList<>());

  private Connection keepAlive;

  @AfterEach
  void shutdown() throws SQLException {
    if (keepAlive != null) {
      keepAlive.close();
    }
    PhiGuard.shutdown();
  }

  private GuardedConnection open(String groups) throws Exception {
    Path key = Files.writeString(dir.resolve("hash.key"), KEY);
    Path policy =
        Files.writeString(
            dir.resolve("phiguard.yaml"),
            "version: 1\n"
                + "hash-key: file:"
                + key
                + "\n"
                + "protect:\n"
                + "  patients:\n"
                + "    ssn: hash\n"
                + "    notes: detect\n"
                + "    zip: partial(0, 2)\n"
                + "unmask:\n"
                + "  - groups: [clinician]\n"
                + "    allow-unverified: true\n");
    Identity.Builder identity = Identity.of("analyst");
    if (groups != null) {
      identity.groups(groups);
    }
    GateListener listener =
        new GateListener() {
          @Override
          public void onLineageMiss(GateDecision decision, String column, int index) {
            misses.add(column + "#" + index);
          }
        };
    javax.sql.DataSource raw = GuardFixtures.h2DataSource();
    try (Connection seed = raw.getConnection();
        Statement st = seed.createStatement()) {
      st.execute(
          "CREATE TABLE patients (id INT PRIMARY KEY, ssn VARCHAR(11), notes VARCHAR(400),"
              + " zip VARCHAR(10))");
      st.execute(
          "INSERT INTO patients VALUES (1, '"
              + SSN
              + "', '"
              + NOTE
              + "', '94110'), (2, NULL,"
              + " NULL, NULL)");
    }
    // the in-memory database lives while a connection is open: keep the seeding one's twin
    keepAlive = raw.getConnection();
    Connection c =
        PhiGuardDataSource.wrap(
                raw,
                PhiGuardConfig.builder()
                    .policyFile(policy)
                    .listener(listener)
                    .allowUnwrap(true)
                    .connectionIdentity(identity.build())
                    .build())
            .getConnection();
    return (GuardedConnection) c;
  }

  private static String pseudonym(String value) {
    return new Pseudonymizer(KEY.getBytes(StandardCharsets.UTF_8)).pseudonym(value);
  }

  private static String read(Reader reader) throws Exception {
    StringBuilder out = new StringBuilder();
    char[] buffer = new char[64];
    for (int n; (n = reader.read(buffer)) > 0; ) {
      out.append(buffer, 0, n);
    }
    return out.toString();
  }

  private static String read(InputStream in) throws Exception {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void everyTextGetterReturnsThePseudonymNeverTheRawValue() throws Exception {
    String expected = pseudonym(SSN);
    assertThat(expected).matches("h:[0-9a-f]{32}");
    try (GuardedConnection c = open(null);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, ssn, notes FROM patients ORDER BY id")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(2)).isEqualTo(expected);
      assertThat(rs.getString("ssn")).isEqualTo(expected);
      assertThat(rs.getNString(2)).isEqualTo(expected);
      assertThat(rs.getObject(2)).isEqualTo(expected);
      assertThat(rs.getObject("SSN")).isEqualTo(expected);
      assertThat(rs.getObject(2, String.class)).isEqualTo(expected);
      assertThat(rs.getObject(2, java.util.Map.of())).isEqualTo(expected);
      assertThat(new String(rs.getBytes(2), StandardCharsets.UTF_8)).isEqualTo(expected);
      assertThat(read(rs.getCharacterStream(2))).isEqualTo(expected);
      assertThat(read(rs.getNCharacterStream("ssn"))).isEqualTo(expected);
      assertThat(read(rs.getAsciiStream(2))).isEqualTo(expected);
      assertThat(read(rs.getBinaryStream("ssn"))).isEqualTo(expected);
      Clob clob = rs.getClob(2);
      assertThat(clob.getSubString(1, (int) clob.length())).isEqualTo(expected);
      assertThat(rs.getObject(2, Clob.class).getSubString(1, 40)).isEqualTo(expected);
      NClob nclob = rs.getNClob("ssn");
      assertThat(read(nclob.getCharacterStream())).isEqualTo(expected);
      assertThatThrownBy(() -> nclob.setString(1, "x"))
          .hasFieldOrPropertyWithValue("SQLState", "42501");
      assertThat(rs.wasNull()).isFalse();
      // no number, date, boolean or binary object stands for a pseudonym
      for (Consumer<ResultSet> refused :
          List.<Consumer<ResultSet>>of(
              r -> call(() -> r.getInt(2)),
              r -> call(() -> r.getLong("ssn")),
              r -> call(() -> r.getDouble(2)),
              r -> call(() -> r.getBigDecimal(2)),
              r -> call(() -> r.getBoolean(2)),
              r -> call(() -> r.getDate(2)),
              r -> call(() -> r.getTimestamp("ssn")),
              r -> call(() -> r.getBlob(2)),
              r -> call(() -> r.getArray(2)),
              r -> call(() -> r.getSQLXML(2)),
              r -> call(() -> r.getObject(2, Integer.class)))) {
        assertThatThrownBy(() -> refused.accept(rs))
            .hasRootCauseInstanceOf(SQLException.class)
            .rootCause()
            .hasFieldOrPropertyWithValue("SQLState", "42501")
            .hasMessageNotContaining(SSN);
      }
      // an unmasked column reads as usual, and wasNull follows the last read
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(rs.wasNull()).isFalse();
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(2)).isNull();
      assertThat(rs.wasNull()).isTrue();
      assertThat(rs.getInt(2)).isZero();
      assertThat(rs.wasNull()).isTrue();
      assertThat(rs.getString(3)).isNull();
      assertThat(rs.wasNull()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(2);
      assertThat(rs.wasNull()).isFalse();
      // the raw result set is not reachable, even where unwrap is allowed
      assertThat(rs.unwrap(ResultSet.class)).isSameAs(rs);
      assertThat(rs.isWrapperFor(org.h2.jdbc.JdbcResultSet.class)).isFalse();
      assertThatThrownBy(() -> rs.unwrap(org.h2.jdbc.JdbcResultSet.class))
          .hasFieldOrPropertyWithValue("SQLState", "42501");
    }
  }

  @Test
  void detectReplacesPhiInFreeText() throws Exception {
    try (GuardedConnection c = open(null);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT notes FROM patients WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      String expected = "pt called from [PHONE] about SSN [SSN], [MRN], seen [DATE]";
      assertThat(rs.getString(1)).isEqualTo(expected);
      assertThat(rs.getString("NOTES")).isEqualTo(expected);
      assertThat(read(rs.getCharacterStream(1))).isEqualTo(expected);
      assertThat(rs.getClob(1).getSubString(1, 400)).isEqualTo(expected);
    }
  }

  @Test
  void hashedColumnsInExpressionsOrPredicatesAndSeveralStatementsAreRefused() throws Exception {
    try (GuardedConnection c = open(null);
        Statement st = c.createStatement()) {
      for (String sql :
          List.of(
              "SELECT lower(ssn) FROM patients",
              "SELECT id FROM patients WHERE ssn = '900-11-0001'",
              "SELECT ssn, count(*) FROM patients GROUP BY ssn",
              "SELECT a.id FROM patients a JOIN patients b ON a.ssn = b.ssn",
              "SELECT replace(notes, '-', '') FROM patients",
              "SELECT ssn FROM patients; SELECT ssn FROM patients")) {
        assertThatThrownBy(() -> st.executeQuery(sql))
            .as(sql)
            .hasFieldOrPropertyWithValue("SQLState", "42501")
            .hasMessageNotContaining(SSN);
      }
    }
  }

  @Test
  void anUnmaskedIdentitySeesRawValues() throws Exception {
    try (GuardedConnection c = open("clinician");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT ssn, notes FROM patients WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(SSN);
      assertThat(rs.getString(2)).isEqualTo(NOTE);
    }
  }

  @Test
  void preparedStatementsAndGetResultSetAreMaskedToo() throws Exception {
    try (GuardedConnection c = open(null);
        var ps = c.prepareStatement("SELECT ssn FROM patients WHERE id = ?")) {
      ps.setInt(1, 1);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(pseudonym(SSN));
      }
      assertThat(ps.execute()).isTrue();
      ResultSet rs = ps.getResultSet();
      assertThat(ps.getResultSet()).isSameAs(rs);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("ssn")).isEqualTo(pseudonym(SSN));
    }
  }

  @Test
  void aColumnWhoseBaseIsAProtectedColumnTheAnalysisMissedIsMaskedAndReported() throws Exception {
    try (GuardedConnection c = open(null)) {
      // a real decision for a statement the analysis says reads no protected table
      GateDecision decision = c.decide(Operation.EXECUTE_QUERY, "SELECT 1", true);
      assertThat(decision.action()).isEqualTo(GateDecision.Action.ALLOW);
      // the delegate's result says otherwise: its metadata names PATIENTS.ZIP, PATIENTS.SSN and
      // PATIENTS.NOTES, raw, as an analysis miss would let through
      ResultSet stub = stubResult();
      ResultSet rs = c.wrap(stub, null, decision, true);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(rs.getString(2)).isEqualTo("***10");
      assertThat(rs.getObject("ZIP")).isEqualTo("***10");
      assertThat(rs.getString(3)).isEqualTo(pseudonym(SSN));
      assertThat(rs.getString(4)).doesNotContain("212-555-0143").contains("[PHONE]");
      assertThat(misses)
          .containsExactlyInAnyOrder("PATIENTS.ZIP#2", "PATIENTS.SSN#3", "PATIENTS.NOTES#4");
      // reported once per result set, not per read
      rs.getString(2);
      assertThat(misses).hasSize(3);
    }
  }

  @Test
  void onDriversReportingAliasesAColumnTheRewriteMaskedIsNotReportedButStillMasked()
      throws Exception {
    try (GuardedConnection c = open(null)) {
      // H2-like metadata names the inline view's alias, patients, for masked columns too
      GateDecision decision =
          c.decide(Operation.EXECUTE_QUERY, "SELECT id, zip FROM patients", true);
      assertThat(decision.action()).isEqualTo(GateDecision.Action.MASK);
      ResultSet rs = c.wrap(stubResult(), null, decision, true);
      assertThat(rs.next()).isTrue();
      // the stub returns the raw value: masked in Java all the same (SQL masks are idempotent)
      assertThat(rs.getString(2)).isEqualTo("***10");
      assertThat(misses).isEmpty();
    }
  }

  @Test
  void aSecondResultSetOfAStatementWithPostProcessedColumnsIsRefused() throws Exception {
    try (GuardedConnection c = open(null)) {
      ResultSet first = stubResult();
      ResultSet second = stubResult();
      int[] at = {0};
      Statement delegate =
          (Statement)
              Proxy.newProxyInstance(
                  ResultSetMaskingTest.class.getClassLoader(),
                  new Class<?>[] {Statement.class},
                  (proxy, method, args) ->
                      switch (method.getName()) {
                        case "execute" -> true;
                        case "getResultSet" -> at[0] == 0 ? first : second;
                        case "getMoreResults" -> ++at[0] == 1;
                        case "close" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                      });
      GuardedStatement st = new GuardedStatement(c, delegate);
      assertThat(st.execute("SELECT id, ssn FROM patients")).isTrue();
      ResultSet rs = st.getResultSet();
      assertThat(st.getResultSet()).isSameAs(rs);
      assertThat(rs.next()).isTrue();
      // the stub's column 2 is ZIP to its metadata, but the analysis says column 2 is ssn: hashed
      assertThat(rs.getString(2)).startsWith("h:");
      assertThat(st.getMoreResults()).isTrue();
      assertThatThrownBy(st::getResultSet)
          .hasFieldOrPropertyWithValue("SQLState", "42501")
          .hasMessageContaining("more result sets than PhiGuard analysed");
    }
  }

  private static ResultSet stubResult() {
    ResultSetMetaData meta =
        (ResultSetMetaData)
            Proxy.newProxyInstance(
                ResultSetMaskingTest.class.getClassLoader(),
                new Class<?>[] {ResultSetMetaData.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getColumnCount" -> 4;
                      case "getTableName" -> "PATIENTS";
                      case "getSchemaName" -> "PUBLIC";
                      case "getColumnName", "getColumnLabel" ->
                          List.of("ID", "ZIP", "SSN", "NOTES").get((Integer) args[0] - 1);
                      case "getColumnType" ->
                          (Integer) args[0] == 1 ? Types.INTEGER : Types.VARCHAR;
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    Object[] row = {1, "94110", SSN, NOTE};
    boolean[] wasNull = {false};
    return (ResultSet)
        Proxy.newProxyInstance(
            ResultSetMaskingTest.class.getClassLoader(),
            new Class<?>[] {ResultSet.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "next" -> true;
                  case "getMetaData" -> meta;
                  case "findColumn" -> List.of("ID", "ZIP", "SSN", "NOTES").indexOf(args[0]) + 1;
                  case "getInt" -> (Integer) row[(Integer) args[0] - 1];
                  case "getString", "getObject" -> row[(Integer) args[0] - 1];
                  case "wasNull" -> wasNull[0];
                  case "close" -> null;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @FunctionalInterface
  private interface SqlCall {
    Object run() throws SQLException;
  }

  private static void call(SqlCall call) {
    try {
      call.run();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
