package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The row cap of a {@code rows > N} rule in the result set, on H2 (which has no planner estimate):
 * row N + 1 is refused with PH006 however the cursor reaches it, the caller's own maxRows is kept,
 * and a read the cap stopped asks for approval when run again.
 */
class RowCapTest {
  private static final int CAP = 10;

  @TempDir Path dir;
  private Connection setup;
  private Connection agent;

  @BeforeEach
  void open() throws Exception {
    String url = GuardFixtures.h2Url();
    setup = DriverManager.getConnection(url, "sa", "");
    try (Statement s = setup.createStatement()) {
      s.execute("CREATE TABLE patients(id INT PRIMARY KEY, ssn VARCHAR(11))");
      s.execute("CREATE TABLE notes(id INT PRIMARY KEY)");
      s.execute("INSERT INTO patients SELECT X, '900-11-' || X FROM SYSTEM_RANGE(1, 30)");
      s.execute("INSERT INTO notes SELECT X FROM SYSTEM_RANGE(1, 30)");
    }
    Path policy = dir.resolve("phiguard.yaml");
    Files.writeString(
        policy,
        """
        version: 1
        protect:
          patients:
            ssn: redact
        approvals:
          server: http://127.0.0.1:1
          mode: fail-fast
          rules:
            - { name: large-read, when: "rows > %d", tables: [patients], approvers: [privacy] }
        """
            .formatted(CAP));
    Properties props = new Properties();
    props.setProperty("user", "sa");
    props.setProperty("password", "");
    props.setProperty("phiguard.config", policy.toString());
    props.setProperty("phiguard.subject", "analyst");
    agent = new PhiGuardDriver().connect("jdbc:phiguard:" + url.substring(5), props);
  }

  @AfterEach
  void close() throws SQLException {
    agent.close();
    PhiGuard.shutdown();
    setup.close();
  }

  @Test
  void aForwardReadStopsAtTheCapWithPh006AndTheRetryNeedsApproval() throws SQLException {
    try (Statement st = agent.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, ssn FROM patients ORDER BY id")) {
      for (int i = 1; i <= CAP; i++) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(i);
      }
      SQLException stopped = catchThrowableOfType(rs::next, SQLException.class);
      assertThat(stopped.getSQLState()).isEqualTo("PH006");
      assertThat(stopped.getMessage())
          .contains("large-read")
          .contains("allows " + CAP + " rows of patients")
          .doesNotContain("900-11");
      assertThat(rs.isClosed()).isTrue();
      assertThat(st.getMaxRows()).isZero();
    }
    // known now to pass the cap: the same read asks for approval (the server is unreachable here)
    try (Statement st = agent.createStatement()) {
      SQLException held =
          catchThrowableOfType(
              () -> st.executeQuery("SELECT id, ssn FROM patients ORDER BY id"),
              SQLException.class);
      assertThat(held.getSQLState()).isEqualTo("PH004");
      assertThat(held.getMessage()).contains("large-read");
    }
  }

  @Test
  void aScrollPastTheCapIsRefusedTooAndRowsBeforeItRead() throws SQLException {
    try (Statement st =
        agent.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
      try (ResultSet rs = st.executeQuery("SELECT id FROM patients ORDER BY id")) {
        assertThat(rs.absolute(CAP)).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(CAP);
        assertThat(stateOf(() -> rs.absolute(CAP + 1))).isEqualTo("PH006");
      }
      try (ResultSet rs = st.executeQuery("SELECT id FROM patients WHERE id > 0 ORDER BY id")) {
        assertThat(stateOf(rs::last)).isEqualTo("PH006");
      }
      try (ResultSet rs = st.executeQuery("SELECT id FROM patients WHERE id > 1 ORDER BY id")) {
        assertThat(rs.absolute(CAP - 1)).isTrue();
        // next() on a scrollable cursor counts from where it is, not from how often it was called
        assertThat(rs.next()).isTrue();
        assertThat(stateOf(rs::next)).isEqualTo("PH006");
      }
    }
  }

  @Test
  void theCallersOwnSmallerMaxRowsStaysAndALargerOneIsCapped() throws SQLException {
    try (PreparedStatement ps =
        agent.prepareStatement("SELECT id FROM patients WHERE id > ? ORDER BY id")) {
      ps.setMaxRows(5);
      ps.setInt(1, 0);
      assertThat(count(ps.executeQuery())).isEqualTo(5);
      assertThat(ps.getMaxRows()).isEqualTo(5);
      ps.setMaxRows(20);
      ps.setInt(1, 2);
      ResultSet rs = ps.executeQuery();
      assertThat(stateOf(() -> count(rs))).isEqualTo("PH006");
      assertThat(ps.getMaxRows()).isEqualTo(20);
    }
  }

  @Test
  void explainSaysWhichRowRuleAReadIsHeldTo() throws SQLException {
    Explanation explained = PhiGuard.explain(agent, "SELECT id, ssn FROM patients");
    assertThat(explained.reason())
        .contains("large-read (rows > " + CAP + ")")
        .contains("PH006 after " + CAP + " rows");
    assertThat(PhiGuard.explain(agent, "SELECT id FROM notes").reason())
        .doesNotContain("large-read");
  }

  @Test
  void tablesTheRuleDoesNotNameAreReadWhole() throws SQLException {
    try (Statement st = agent.createStatement()) {
      assertThat(count(st.executeQuery("SELECT id FROM notes"))).isEqualTo(30);
      assertThat(count(st.executeQuery("SELECT X FROM SYSTEM_RANGE(1, 50)"))).isEqualTo(50);
    }
  }

  /** What a JDBC call that must be refused answers. */
  interface Call {
    void run() throws SQLException;
  }

  private static String stateOf(Call call) {
    try {
      call.run();
    } catch (SQLException e) {
      return e.getSQLState();
    }
    throw new AssertionError("not refused");
  }

  private static int count(ResultSet rs) throws SQLException {
    try (rs) {
      int n = 0;
      while (rs.next()) {
        n++;
      }
      return n;
    }
  }
}
