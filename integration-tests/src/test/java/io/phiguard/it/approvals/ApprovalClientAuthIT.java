package io.phiguard.it.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phiguard.approval.client.ClientToken;
import io.phiguard.approval.server.ApprovalServer;
import io.phiguard.approval.server.ApprovalSettings;
import io.phiguard.approval.server.RuleSpec;
import io.phiguard.approval.server.ServerOptions;
import io.phiguard.driver.PhiGuard;
import io.phiguard.driver.PhiGuardErrors;
import io.phiguard.driver.PhiGuardException;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
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
 * The driver authenticates to the approval server with {@code approvals.client-token}, on
 * PostgreSQL with the server in-process (dev-mode approver headers): only drivers holding the token
 * create requests, see grants and redeem them.
 */
class ApprovalClientAuthIT {
  private static final String CTAS = "CREATE TABLE export_x AS SELECT id, ssn FROM patients";
  private static final String TOKEN = "ct-synthetic-it-token-0123456789abcdef";
  private static final String WRONG = "ct-wrong-synthetic-it-token-0123456789";
  private static final Pattern ID = Pattern.compile("\"id\":\"(apr_[0-9a-f]{32})\"");
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ExecutorService threads = Executors.newCachedThreadPool();
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
    server =
        ApprovalServer.start(
            ServerOptions.of(
                    ApprovalSettings.of(
                        List.of(new RuleSpec("bulk-export", 1, Set.of("privacy"))),
                        URI.create("http://127.0.0.1/console")),
                    dir.resolve("server"))
                .address(new InetSocketAddress("127.0.0.1", 0))
                .devMode(true)
                .clientToken(ClientToken.of(TOKEN.getBytes(StandardCharsets.US_ASCII)))
                .clock(Clock.systemUTC()));
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

  /** An agent's connection whose policy reads the client token from {@code token}. */
  private Connection agent(String name, String mode, String token) throws Exception {
    Path tokenFile = Files.writeString(dir.resolve(name + ".token"), token + "\n");
    String policy =
        """
        version: 1
        protect:
          patients:
            ssn: {mask: "partial(0, 4)"}
        approvals:
          server: http://127.0.0.1:%1$d
          mode: %2$s
          max-wait: 1m
          client-token: file:%3$s
          rules:
            - { name: bulk-export, when: export, approvers: [privacy] }
        audit:
          store: file:./store-%4$s/audit.jsonl
          journal: ./journal-%4$s/phiguard.jsonl
        """
            .formatted(port, mode, tokenFile, name);
    Path file = Files.writeString(dir.resolve("phiguard-" + name + ".yaml"), policy);
    Properties properties = new Properties();
    properties.putAll(db.credentials());
    properties.setProperty("phiguard.config", file.toString());
    properties.setProperty("phiguard.subject", "report-bot");
    properties.setProperty("phiguard.agent", "report-bot");
    properties.setProperty("phiguard.onBehalfOf", "alice");
    properties.setProperty("phiguard.purpose", "quarterly report");
    Connection c = DriverManager.getConnection(db.phiguardUrl(), properties);
    closing.add(c);
    return c;
  }

  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(PATIENCE)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header(ClientToken.HEADER, token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> approve(String id) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/requests/" + id + "/votes"))
            .header("X-PhiGuard-Dev-Approver", "bob")
            .header("X-PhiGuard-Dev-Groups", "privacy")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"approve\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The id of the one pending request, once it appears (read as an approver tool: no token). */
  private String pendingRequest() throws Exception {
    long until = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < until) {
      Matcher m = ID.matcher(send("GET", "/v1/requests?status=pending", null, null).body());
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no pending approval request appeared");
  }

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
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

  private boolean exportExists() throws SQLException {
    try (Connection raw = db.openRaw();
        ResultSet rs = raw.getMetaData().getTables(null, null, "export_x", null)) {
      return rs.next();
    }
  }

  @Test
  void withTheTokenOnBothSidesAnExportIsHeldApprovedAndRuns() throws Exception {
    Connection c = agent("right", "block", TOKEN);
    Future<Object> blocked =
        threads.submit(
            () -> {
              run(c, CTAS);
              return null;
            });
    String id = pendingRequest();
    assertThat(blocked.isDone()).isFalse();
    HttpResponse<String> voted = approve(id);
    assertThat(voted.statusCode()).as(voted.body()).isEqualTo(200);
    // the approver holds no client token: its answer carries no grant
    assertThat(voted.body()).contains("\"status\":\"approved\"").doesNotContain("\"grant\":\"");
    blocked.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertThat(exported()).containsExactly("*******0001");
    assertThat(send("GET", "/v1/requests/" + id, null, null).body())
        .contains("\"status\":\"redeemed\"");
  }

  @Test
  void rawCallsWithoutTheTokenAreRefusedAndAnApprovedRequestShowsThemNoGrant() throws Exception {
    String submission =
        """
        {"requester": {"subject": "mallory", "type": "human", "groups": [], "on_behalf_of": [],
         "verified": false},
         "datasource": "postgresql://db/ehr", "normalized_sql": "DROP TABLE patients",
         "fingerprint": "fp", "sql_hash": "%s", "params_digest": "%s", "tables": ["patients"],
         "columns": [], "rule": "bulk-export"}
        """
            .formatted("a".repeat(64), "b".repeat(64));
    HttpResponse<String> anonymous = send("POST", "/v1/requests", submission, null);
    assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
    assertThat(anonymous.body()).contains("\"error\":\"client-unauthenticated\"");
    assertThat(send("POST", "/v1/requests", submission, WRONG).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/v1/requests?status=pending", null, TOKEN).body())
        .isEqualTo("{\"requests\":[]}");

    Connection c = agent("failfast", "fail-fast", TOKEN);
    SQLException pending = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    assertThat(pending.getSQLState()).isEqualTo("PH001");
    String id = ((PhiGuardErrors.ApprovalDetails) pending).requestId();
    assertThat(approve(id).statusCode()).isEqualTo(200);

    String seenWithout = send("GET", "/v1/requests/" + id, null, null).body();
    assertThat(seenWithout).contains("\"status\":\"approved\"").doesNotContain("\"grant\":\"");
    assertThat(send("GET", "/v1/requests?status=approved", null, null).body())
        .contains(id)
        .doesNotContain("\"grant\":\"");
    // the driver's view has it; redeeming it needs the token too
    Matcher grant =
        Pattern.compile("\"grant\":\"([^\"]+)\"")
            .matcher(send("GET", "/v1/requests/" + id, null, TOKEN).body());
    assertThat(grant.find()).isTrue();
    String redeem =
        "{\"grant\":\"%s\",\"statement\":{\"request_id\":\"%s\",\"subject\":\"report-bot\",\"datasource\":\"x\",\"fingerprint\":\"x\",\"sql_hash\":\"%s\",\"params_digest\":\"%s\"}}"
            .formatted(grant.group(1), id, "a".repeat(64), "b".repeat(64));
    HttpResponse<String> stolen = send("POST", "/v1/grants/redeem", redeem, null);
    assertThat(stolen.statusCode()).as(stolen.body()).isEqualTo(401);
    assertThat(stolen.body()).contains("client-unauthenticated");

    // the grant was not used up: the driver's retry runs the export
    run(c, CTAS);
    assertThat(exported()).containsExactly("*******0001");
  }

  @Test
  void aDriverWithTheWrongTokenGetsPh004AndTheStatementDoesNotRun() throws Exception {
    Connection c = agent("wrong", "block", WRONG);
    SQLException refused = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    assertThat(refused.getSQLState()).isEqualTo("PH004");
    assertThat(((PhiGuardException) refused).rule()).isEqualTo("bulk-export");
    assertThat(refused.getMessage())
        .contains("bulk-export")
        .contains("refused this driver's client token")
        .contains("approvals.client-token")
        .doesNotContain(WRONG)
        .doesNotContain(TOKEN);
    assertThat(exportExists()).isFalse();
    assertThat(send("GET", "/v1/requests?status=pending", null, TOKEN).body())
        .isEqualTo("{\"requests\":[]}");
  }
}
