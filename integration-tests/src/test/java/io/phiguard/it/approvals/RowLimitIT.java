package io.phiguard.it.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phiguard.approval.server.ApprovalServer;
import io.phiguard.approval.server.ApprovalSettings;
import io.phiguard.approval.server.RuleSpec;
import io.phiguard.approval.server.ServerOptions;
import io.phiguard.driver.PhiGuard;
import io.phiguard.driver.PhiGuardErrors;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import io.phiguard.testkit.TestDatabases.Kind;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code rows > N} approval rules on a 50,000-row {@code patients} table: the planner's estimate
 * (PostgreSQL, MariaDB) holds a bulk read for approval before it runs, with the values bound at
 * execution; a read the planner underestimates, or where it cannot estimate (H2), is stopped at the
 * row cap with {@code PH006}, and asks for approval when run again.
 */
class RowLimitIT {
  private static final int ROWS = 50_000;
  private static final int CAP = 1000;

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private TestDatabase db;
  private ApprovalServer server;
  private Connection agent;

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (server != null) {
      server.close();
    }
    PhiGuard.shutdown();
    if (db != null) {
      db.close();
    }
  }

  private void start(Kind kind) throws Exception {
    db = TestDatabases.create(kind);
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement()) {
      st.execute("CREATE TABLE patients (id INT PRIMARY KEY, ssn VARCHAR(11), ward VARCHAR(20))");
      st.execute("CREATE TABLE notes (id INT)");
      st.executeUpdate(fill(kind));
      switch (kind) {
        case POSTGRESQL -> st.execute("ANALYZE patients");
        case MARIADB, MYSQL -> st.execute("ANALYZE TABLE patients");
        default -> {}
      }
    }
    server =
        ApprovalServer.start(
            ServerOptions.of(
                    ApprovalSettings.of(
                        List.of(new RuleSpec("large-read", 1, Set.of("privacy"))),
                        URI.create("http://127.0.0.1/console")),
                    dir.resolve("server"))
                .address(new InetSocketAddress("127.0.0.1", 0))
                .devMode(true));
    String policy =
        """
        version: 1
        protect:
          patients:
            ssn: {mask: "partial(0, 4)"}
        approvals:
          server: http://127.0.0.1:%d
          mode: fail-fast
          rules:
            - { name: large-read, when: "rows > %d", tables: [patients], approvers: [privacy] }
        audit:
          store: file:./store/audit.jsonl
          journal: ./journal/phiguard.jsonl
        """
            .formatted(server.port(), CAP);
    Path file = Files.writeString(dir.resolve("phiguard.yaml"), policy);
    Properties properties = new Properties();
    properties.putAll(db.credentials());
    properties.setProperty("phiguard.config", file.toString());
    properties.setProperty("phiguard.subject", "report-bot");
    properties.setProperty("phiguard.agent", "report-bot");
    properties.setProperty("phiguard.onBehalfOf", "alice");
    agent = DriverManager.getConnection(db.phiguardUrl(), properties);
  }

  private static String fill(Kind kind) {
    return switch (kind) {
      case POSTGRESQL ->
          "INSERT INTO patients SELECT g, '900-' || lpad((g % 100)::text, 2, '0') || '-'"
              + " || lpad((g % 10000)::text, 4, '0'), 'east' FROM generate_series(1, "
              + ROWS
              + ") g";
      case MARIADB, MYSQL ->
          "INSERT INTO patients SELECT seq, CONCAT('900-', LPAD(seq % 100, 2, '0'), '-',"
              + " LPAD(seq % 10000, 4, '0')), 'east' FROM seq_1_to_"
              + ROWS;
      case H2 ->
          "INSERT INTO patients SELECT X, CONCAT('900-', LPAD(CAST(MOD(X, 100) AS VARCHAR), 2,"
              + " '0'), '-', LPAD(CAST(MOD(X, 10000) AS VARCHAR), 4, '0')), 'east'"
              + " FROM SYSTEM_RANGE(1, "
              + ROWS
              + ")";
    };
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"POSTGRESQL", "MARIADB"})
  void thePlannerEstimateHoldsABulkReadUntilApprovedAndSmallReadsRun(Kind kind) throws Exception {
    start(kind);
    // small by WHERE, by LIMIT, and by the value bound at execution: they run, capped
    assertThat(read("SELECT id, ssn FROM patients WHERE id <= 100")).isEqualTo(100);
    assertThat(read("SELECT id, ssn FROM patients LIMIT 10")).isEqualTo(10);
    try (PreparedStatement ps =
        agent.prepareStatement("SELECT id, ssn FROM patients WHERE id <= ?")) {
      ps.setInt(1, 50);
      assertThat(count(ps.executeQuery())).isEqualTo(50);
      ps.setInt(1, 40_000);
      SQLException held = catchThrowableOfType(ps::executeQuery, SQLException.class);
      assertThat(held.getSQLState()).isEqualTo("PH001");
      assertThat(held.getMessage()).contains("large-read");
    }
    assertThat(get("/v1/requests?status=pending")).doesNotContain("900-");

    // the whole table: held before it runs, with the estimate for the approver
    String sql = "SELECT id, ssn FROM patients";
    SQLException held = catchThrowableOfType(() -> read(sql), SQLException.class);
    assertThat(held.getSQLState()).isEqualTo("PH001");
    String id = ((PhiGuardErrors.ApprovalDetails) held).requestId();
    assertThat(held.getMessage())
        .contains(id)
        .contains("large-read")
        .contains("(rows > " + CAP + ": the planner expects ");
    String request = get("/v1/requests/" + id);
    assertThat(request)
        .containsPattern("\"tables\":\\[\"[^\"]*patients\"\\]")
        .contains("\"rule\":\"large-read\"");
    Matcher estimate = Pattern.compile("\"estimated_rows\":(\\d+)").matcher(request);
    assertThat(estimate.find()).isTrue();
    System.out.println(kind + " planner estimate for the whole table: " + estimate.group(1));
    assertThat(Long.parseLong(estimate.group(1))).isGreaterThan(CAP);

    approve(id);
    // approved: every row, masked, no cap
    assertThat(readMasked(sql)).isEqualTo(ROWS);
    // once: the same read needs a new approval
    SQLException again = catchThrowableOfType(() -> read(sql), SQLException.class);
    assertThat(again.getSQLState()).isEqualTo("PH001");
    assertThat(((PhiGuardErrors.ApprovalDetails) again).requestId()).isNotEqualTo(id);
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"POSTGRESQL", "MARIADB", "H2"})
  void theRowCapStopsAnUnderestimatedReadAtTheCapAndTheRetryAsksForApproval(Kind kind)
      throws Exception {
    start(kind);
    // PostgreSQL guesses 0.5% for a function's equality (250 rows); MariaDB does not estimate
    // the rows an aggregate returns; H2 has no estimate: all return 50,000 rows
    String sql =
        switch (kind) {
          case POSTGRESQL -> "SELECT id, ssn FROM patients WHERE lower(ward) = 'east'";
          case MARIADB -> "SELECT id, ssn, COUNT(*) OVER () AS total FROM patients";
          default -> "SELECT id, ssn FROM patients";
        };
    int seen = 0;
    SQLException stopped = null;
    try (Statement st = agent.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      try {
        while (rs.next()) {
          assertThat(rs.getString("ssn")).startsWith("*******");
          seen++;
        }
      } catch (SQLException e) {
        stopped = e;
      }
      // the cap replaced nothing the caller set
      assertThat(st.getMaxRows()).isZero();
    }
    assertThat(seen).isEqualTo(CAP);
    assertThat((Throwable) stopped).isNotNull();
    assertThat(stopped.getSQLState()).isEqualTo("PH006");
    assertThat(stopped.getMessage())
        .contains("large-read")
        .contains("allows " + CAP + " rows")
        .doesNotContain("900-");
    assertThat(Files.readString(dir.resolve("journal/phiguard.jsonl")))
        .contains("\"sql_state\":\"PH006\"")
        .doesNotContain("900-");

    // the same read again: now known to be large, it asks for approval
    SQLException held = catchThrowableOfType(() -> read(sql), SQLException.class);
    assertThat(held.getSQLState()).isEqualTo("PH001");
    assertThat(held.getMessage()).contains("a read of it went past the row cap");
    approve(((PhiGuardErrors.ApprovalDetails) held).requestId());
    assertThat(read(sql)).isEqualTo(ROWS);
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"POSTGRESQL", "MARIADB"})
  void aWriteAboveTheEstimateIsHeldAndASmallOneRuns(Kind kind) throws Exception {
    start(kind);
    try (Statement st = agent.createStatement()) {
      assertThat(st.executeUpdate("UPDATE patients SET ward = 'west' WHERE id <= 10"))
          .isEqualTo(10);
      SQLException held =
          catchThrowableOfType(
              () -> st.executeUpdate("UPDATE patients SET ward = 'west' WHERE id > 10"),
              SQLException.class);
      assertThat(held.getSQLState()).isEqualTo("PH001");
      assertThat(held.getMessage()).contains("large-read").contains("the planner expects");
    }
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM patients WHERE ward = 'west'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("the held write did not run").isEqualTo(10);
    }
  }

  @Test
  void inATransactionTheEstimateLeavesTheCallersWorkIntact() throws Exception {
    start(Kind.POSTGRESQL);
    agent.setAutoCommit(false);
    try (Statement st = agent.createStatement()) {
      st.executeUpdate("INSERT INTO notes VALUES (1)");
    }
    assertThat(read("SELECT id, ssn FROM patients WHERE id <= 10")).isEqualTo(10);
    SQLException held =
        catchThrowableOfType(() -> read("SELECT id, ssn FROM patients"), SQLException.class);
    assertThat(held.getSQLState()).isEqualTo("PH001");
    try (Statement st = agent.createStatement()) {
      st.executeUpdate("INSERT INTO notes VALUES (2)");
    }
    agent.commit();
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM notes")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(2);
    }
  }

  @Test
  void aTableTheRuleDoesNotNameIsNeitherEstimatedNorCapped() throws Exception {
    start(Kind.POSTGRESQL);
    try (Statement st = agent.createStatement()) {
      st.executeUpdate("INSERT INTO notes SELECT g FROM generate_series(1, 5000) g");
      st.setMaxRows(7);
      assertThat(count(st.executeQuery("SELECT id FROM notes"))).isEqualTo(7);
      st.setMaxRows(0);
      assertThat(count(st.executeQuery("SELECT id FROM notes"))).isEqualTo(5000);
    }
  }

  private int read(String sql) throws SQLException {
    try (Statement st = agent.createStatement()) {
      return count(st.executeQuery(sql));
    }
  }

  private int readMasked(String sql) throws SQLException {
    try (Statement st = agent.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = 0;
      while (rs.next()) {
        assertThat(rs.getString("ssn")).startsWith("*******");
        n++;
      }
      return n;
    }
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

  private String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private void approve(String id) throws Exception {
    HttpResponse<String> vote =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + server.port() + "/v1/requests/" + id + "/votes"))
                .header("X-PhiGuard-Dev-Approver", "bob")
                .header("X-PhiGuard-Dev-Groups", "privacy")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"approve\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(vote.statusCode()).as(vote.body()).isEqualTo(200);
  }
}
