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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals end to end on PostgreSQL: the driver holds an agent's export for a human, the approval
 * server runs in-process (dev-mode approver headers), and a test thread decides through the REST
 * API as another identity.
 */
class ApprovalsIT {
  private static final String CTAS = "CREATE TABLE export_x AS SELECT id, ssn FROM patients";
  private static final Pattern ID = Pattern.compile("\"id\":\"(apr_[0-9a-f]{32})\"");
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final MovableClock clock = new MovableClock(Instant.now());
  private final List<AutoCloseable> closing = new ArrayList<>();
  private TestDatabase db;
  private ApprovalServer server;
  private int port;

  @BeforeEach
  void start() throws Exception {
    db = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement()) {
      st.execute("CREATE TABLE patients (id INT PRIMARY KEY, ssn VARCHAR(11), ward VARCHAR(20))");
      st.executeUpdate("INSERT INTO patients VALUES (1, '900-11-0001', 'east')");
    }
    server = startServer(0);
    port = server.port();
  }

  @AfterEach
  void stop() throws Exception {
    threads.shutdownNow();
    for (AutoCloseable c : closing) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
    PhiGuard.shutdown();
    db.close();
  }

  private ApprovalServer startServer(int onPort) throws IOException {
    ApprovalSettings settings =
        ApprovalSettings.of(
            List.of(
                new RuleSpec("bulk-export", 1, Set.of("privacy")),
                new RuleSpec("schema-change", 1, Set.of("dba"))),
            URI.create("http://127.0.0.1/console"));
    return ApprovalServer.start(
        ServerOptions.of(settings, dir.resolve("server"))
            .address(new InetSocketAddress("127.0.0.1", onPort))
            .devMode(true)
            .clock(clock));
  }

  private Connection open(String mode, String serverUrl, String subject, String agentFor)
      throws Exception {
    String policy =
        """
        version: 1
        protect:
          patients:
            ssn: {mask: "partial(0, 4)"}
        approvals:
          server: %1$s
          mode: %2$s
          max-wait: 1m
          rules:
            - { name: bulk-export, when: export, approvers: [privacy] }
            - { name: schema-change, when: ddl, approvers: [dba] }
          exempt:
            - { rule: schema-change, subjects: [flyway], allow-unverified: true }
        audit:
          store: file:./store-%2$s/audit.jsonl
          journal: ./journal-%2$s/phiguard.jsonl
        """
            .formatted(serverUrl, mode);
    Path file = Files.writeString(dir.resolve("phiguard-" + mode + ".yaml"), policy);
    Properties properties = new Properties();
    properties.putAll(db.credentials());
    properties.setProperty("phiguard.config", file.toString());
    properties.setProperty("phiguard.subject", subject);
    if (agentFor != null) {
      properties.setProperty("phiguard.agent", subject);
      properties.setProperty("phiguard.onBehalfOf", agentFor);
      properties.setProperty("phiguard.purpose", "quarterly report");
    }
    Connection c = DriverManager.getConnection(db.phiguardUrl(), properties);
    closing.add(c);
    return c;
  }

  private Connection agent(String mode) throws Exception {
    return open(mode, "http://127.0.0.1:" + port, "report-bot", "alice");
  }

  /** The id of the one pending request, once it appears. */
  private String pendingRequest() throws Exception {
    long until = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < until) {
      HttpResponse<String> list = get("/v1/requests?status=pending");
      Matcher m = ID.matcher(list.body());
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no pending approval request appeared");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> vote(String id, String approver, String group, String json)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/requests/" + id + "/votes"))
            .header("X-PhiGuard-Dev-Approver", approver)
            .header("X-PhiGuard-Dev-Groups", group)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> approve(String id) throws Exception {
    return vote(id, "bob", "privacy", "{\"decision\":\"approve\"}");
  }

  private Future<Object> execute(Connection c, String sql) {
    return threads.submit(
        () -> {
          try (Statement st = c.createStatement()) {
            st.execute(sql);
          }
          return null;
        });
  }

  private static SQLException failure(Future<Object> future) throws Exception {
    try {
      future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("the statement ran");
    } catch (java.util.concurrent.ExecutionException e) {
      return (SQLException) e.getCause();
    }
  }

  private List<String> exported() throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement();
        ResultSet rs = st.executeQuery("SELECT ssn FROM export_x")) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private void dropExport() throws SQLException {
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement()) {
      st.execute("DROP TABLE IF EXISTS export_x");
    }
  }

  @Test
  void anAgentsExportWaitsForAnotherHumanAndRunsOnceApprovedThenNeedsANewApproval()
      throws Exception {
    Connection c = agent("block");
    Future<Object> blocked = execute(c, CTAS);
    String id = pendingRequest();
    // what approvers see: who, on whose behalf, which tables, the SQL without values
    assertThat(get("/v1/requests/" + id).body())
        .contains("\"subject\":\"report-bot\"")
        .contains("\"on_behalf_of\":[\"alice\"]")
        .contains("patients")
        .contains("\"justification\":\"quarterly report\"")
        // the protected columns it copies, not every protected column of the table
        .contains("\"columns\":[\"patients.ssn\"]")
        .doesNotContain("900-11-0001");

    // the human the agent acts for may not approve; the request stays pending
    HttpResponse<String> self = vote(id, "alice", "privacy", "{\"decision\":\"approve\"}");
    assertThat(self.statusCode()).isEqualTo(403);
    assertThat(self.body()).contains("self-approval");
    assertThat(get("/v1/requests/" + id).body()).contains("\"status\":\"pending\"");
    assertThat(blocked.isDone()).isFalse();

    assertThat(approve(id).statusCode()).isEqualTo(200);
    blocked.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    // the agent sees ssn masked, and so does the copy it made
    assertThat(exported()).containsExactly("*******0001");
    assertThat(get("/v1/requests/" + id).body()).contains("\"status\":\"redeemed\"");
    // audited: held for approval, then run under request id with its approver
    assertThat(journal("block"))
        .contains("\"decision\":\"NEEDS_APPROVAL\"")
        .contains("\"approval_id\":\"" + id + "\"")
        .contains("\"approvers\":[\"bob\"]")
        .doesNotContain("900-11-0001");

    dropExport();
    Future<Object> again = execute(c, CTAS);
    String second = pendingRequest();
    assertThat(second).isNotEqualTo(id);
    assertThat(
            vote(second, "bob", "privacy", "{\"decision\":\"deny\",\"reason\":\"not now\"}")
                .statusCode())
        .isEqualTo(200);
    SQLException denied = failure(again);
    assertThat(denied.getSQLState()).isEqualTo("PH002");
    assertThat(denied.getMessage()).contains(second).contains("bulk-export").contains("not now");
  }

  @Test
  void failFastAnswersAtOnceWithTheRequestAndTheRetryConsumesTheGrant() throws Exception {
    Connection c = agent("fail-fast");
    long start = System.nanoTime();
    SQLException pending = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("fail-fast answered in " + millis + " ms");
    assertThat((Throwable) pending).isInstanceOf(SQLTransientException.class);
    assertThat(pending.getSQLState()).isEqualTo("PH001");
    String id = ((PhiGuardErrors.ApprovalDetails) pending).requestId();
    assertThat(id).startsWith("apr_");
    assertThat(((PhiGuardErrors.ApprovalDetails) pending).consoleUrl()).contains(id);
    assertThat(pending.getMessage()).contains(id).contains("bulk-export");
    assertThat(millis).isLessThan(3_000);

    // still pending: the same request again
    SQLException still = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    assertThat(((PhiGuardErrors.ApprovalDetails) still).requestId()).isEqualTo(id);

    approve(id);
    run(c, CTAS);
    assertThat(exported()).hasSize(1);

    dropExport();
    SQLException next = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    assertThat(next.getSQLState()).isEqualTo("PH001");
    assertThat(((PhiGuardErrors.ApprovalDetails) next).requestId()).isNotEqualTo(id);
  }

  @Test
  void anExpiredRequestIsPh003() throws Exception {
    Connection c = agent("fail-fast");
    SQLException pending = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    String id = ((PhiGuardErrors.ApprovalDetails) pending).requestId();
    clock.advance(Duration.ofMinutes(16));
    SQLException expired = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    assertThat((Throwable) expired).isInstanceOf(SQLTransientException.class);
    assertThat(expired.getSQLState()).isEqualTo("PH003");
    assertThat(expired.getMessage()).contains(id).contains("bulk-export");
  }

  @Test
  void aGrantRedeemedElsewhereIsRefusedAsReplayedPh005() throws Exception {
    Connection c = agent("fail-fast");
    SQLException pending = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    String id = ((PhiGuardErrors.ApprovalDetails) pending).requestId();
    String body = approve(id).body();
    Matcher grant = Pattern.compile("\"grant\":\"([^\"]+)\"").matcher(body);
    assertThat(grant.find()).isTrue();
    Matcher statement =
        Pattern.compile(
                "\"datasource\":\"([^\"]+)\".*\"fingerprint\":\"([^\"]+)\",\"sql_hash\":\"([0-9a-f]{64})\",\"params_digest\":\"([0-9a-f]{64})\"")
            .matcher(body);
    assertThat(statement.find()).isTrue();
    // someone who saw the grant redeems it first
    String redeem =
        "{\"grant\":\"%s\",\"statement\":{\"request_id\":\"%s\",\"subject\":\"report-bot\",\"datasource\":\"%s\",\"fingerprint\":\"%s\",\"sql_hash\":\"%s\",\"params_digest\":\"%s\"}}"
            .formatted(
                grant.group(1),
                id,
                statement.group(1).replace("\\/", "/"),
                statement.group(2),
                statement.group(3),
                statement.group(4));
    // the grant with other parameter values: refused, and not used up
    String otherValues = redeem.replace(statement.group(4), "0".repeat(64));
    HttpResponse<String> mismatched =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/grants/redeem"))
                .POST(HttpRequest.BodyPublishers.ofString(otherValues))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    System.out.println("grant redeemed for other values: " + mismatched.body());
    assertThat(mismatched.statusCode()).isBetween(400, 499);
    assertThat(mismatched.body())
        .contains("\"error\":\"grant-invalid\"")
        .contains("other parameter values")
        .contains(id)
        .contains("bulk-export");
    HttpResponse<String> stolen =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/grants/redeem"))
                .POST(HttpRequest.BodyPublishers.ofString(redeem))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stolen.statusCode()).as(stolen.body()).isEqualTo(200);

    // the driver's retry finds its request's grant used: refused, never run
    SQLException replayed = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    assertThat(replayed.getSQLState()).isEqualTo("PH005");
    assertThat(replayed.getMessage()).contains(id).contains("bulk-export").contains("replayed");
    assertThat(tableExists()).isFalse();
    // and the next run asks anew
    SQLException anew = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    assertThat(anew.getSQLState()).isEqualTo("PH001");
    assertThat(((PhiGuardErrors.ApprovalDetails) anew).requestId()).isNotEqualTo(id);
    assertThat(tableExists()).isFalse();
  }

  @Test
  void anUnreachableServerRefusesFlaggedStatementsOnlyPh004() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Connection c = open("block", "http://127.0.0.1:" + closed, "report-bot", "alice");
    SQLException refused = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    assertThat((Throwable) refused).isInstanceOf(SQLTransientException.class);
    assertThat(refused.getSQLState()).isEqualTo("PH004");
    assertThat(refused.getMessage()).contains("bulk-export");
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT ssn FROM patients")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("*******0001");
    }
  }

  @Test
  void cancelEndsABlockedWaitWithinASecond() throws Exception {
    Connection c = agent("block");
    Statement st = c.createStatement();
    Future<Object> blocked =
        threads.submit(
            () -> {
              st.execute(CTAS);
              return null;
            });
    pendingRequest();
    long start = System.nanoTime();
    st.cancel();
    SQLException cancelled = failure(blocked);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("cancel() ended the wait in " + millis + " ms");
    assertThat(cancelled.getSQLState()).isEqualTo("PH001");
    assertThat(cancelled.getMessage()).contains("cancelled");
    assertThat(millis).isLessThan(3_000);
  }

  @Test
  void theQueryTimeoutEndsABlockedWait() throws Exception {
    Connection c = agent("block");
    try (Statement st = c.createStatement()) {
      st.setQueryTimeout(1);
      long start = System.nanoTime();
      SQLException timedOut = catchThrowableOfType(() -> st.execute(CTAS), SQLException.class);
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.println("setQueryTimeout(1) ended the wait after " + millis + " ms");
      assertThat(timedOut.getSQLState()).isEqualTo("PH001");
      assertThat(timedOut.getMessage()).contains("query timeout");
      assertThat(millis).isBetween(900L, 4_000L);
    }
  }

  @Test
  void anExemptIdentitysDdlRunsWithoutARequest() throws Exception {
    Connection flyway = open("block", "http://127.0.0.1:" + port, "flyway", null);
    run(flyway, "CREATE TABLE migrated (id INT)");
    assertThat(get("/v1/requests?status=pending").body()).doesNotContain("apr_");
    assertThat(journal("block")).contains("approval-exempt:schema-change");
    Connection other = open("fail-fast", "http://127.0.0.1:" + port, "dev", null);
    SQLException held =
        catchThrowableOfType(() -> run(other, "CREATE TABLE other (id INT)"), SQLException.class);
    assertThat(held.getSQLState()).isEqualTo("PH001");
    assertThat(held.getMessage()).contains("schema-change");
  }

  @Test
  void aWaitSurvivesARestartOfTheApprovalServer() throws Exception {
    Connection c = agent("block");
    Future<Object> blocked = execute(c, CTAS);
    String id = pendingRequest();
    server.close();
    server = null;
    Thread.sleep(300);
    server = startServer(port);
    assertThat(blocked.isDone()).isFalse();
    assertThat(approve(id).statusCode()).isEqualTo(200);
    blocked.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertThat(exported()).hasSize(1);
  }

  @Test
  void aGrantCoversOnlyTheValuesItWasApprovedFor() throws Exception {
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement()) {
      st.execute("CREATE TABLE archive (id INT, ssn VARCHAR(11))");
      st.executeUpdate("INSERT INTO patients VALUES (2, '900-11-0002', 'west')");
    }
    Connection c = agent("fail-fast");
    try (java.sql.PreparedStatement ps =
        c.prepareStatement("INSERT INTO archive SELECT id, ssn FROM patients WHERE id = ?")) {
      ps.setInt(1, 1);
      SQLException first = catchThrowableOfType(ps::executeUpdate, SQLException.class);
      String id = ((PhiGuardErrors.ApprovalDetails) first).requestId();
      approve(id);
      // other values: not this grant; a request of their own
      ps.setInt(1, 2);
      SQLException other = catchThrowableOfType(ps::executeUpdate, SQLException.class);
      assertThat(other.getSQLState()).isEqualTo("PH001");
      assertThat(((PhiGuardErrors.ApprovalDetails) other).requestId()).isNotEqualTo(id);
      assertThat(get("/v1/requests?status=pending").body()).doesNotContain("900-11");
      // the approved values run
      ps.setInt(1, 1);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void aTamperedGrantIsRefusedPh005() throws Exception {
    // a proxy in front of the server flips a bit of every grant it passes on
    com.sun.net.httpserver.HttpServer proxy =
        com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    proxy.createContext(
        "/",
        ex -> {
          try {
            HttpRequest.Builder forward =
                HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + ex.getRequestURI().toString()));
            byte[] body = ex.getRequestBody().readAllBytes();
            forward.method(
                ex.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            forward.header("Content-Type", "application/json");
            HttpResponse<String> answer =
                http.send(forward.build(), HttpResponse.BodyHandlers.ofString());
            String text =
                answer.body().replaceAll("(\"grant\":\"[^\"]+?)[A-Za-z0-9_-]{4}\"", "$1AAAA\"");
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(answer.statusCode(), bytes.length);
            ex.getResponseBody().write(bytes);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            ex.close();
          }
        });
    proxy.start();
    closing.add(() -> proxy.stop(0));
    Connection c =
        open(
            "fail-fast", "http://127.0.0.1:" + proxy.getAddress().getPort(), "report-bot", "alice");
    SQLException pending = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    String id = ((PhiGuardErrors.ApprovalDetails) pending).requestId();
    approve(id);
    SQLException tampered = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    assertThat(tampered.getSQLState()).isEqualTo("PH005");
    assertThat(tampered.getMessage()).contains(id).contains("signature");
    assertThat(tableExists()).isFalse();
  }

  private String journal(String mode) throws IOException {
    return Files.readString(dir.resolve("journal-" + mode + "/phiguard.jsonl"));
  }

  private boolean tableExists() throws SQLException {
    try (Connection raw = db.openRaw();
        ResultSet rs = raw.getMetaData().getTables(null, null, "export_x", null)) {
      return rs.next();
    }
  }

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** A clock the test moves: expiry without sleeping. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
