package io.phiguard.it.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.phiguard.approval.server.ApprovalServer;
import io.phiguard.approval.server.ApprovalSettings;
import io.phiguard.approval.server.Approver;
import io.phiguard.approval.server.RuleSpec;
import io.phiguard.approval.server.ServerOptions;
import io.phiguard.driver.PhiGuard;
import io.phiguard.driver.PhiGuardErrors;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Issue 5's channels end to end on PostgreSQL: an agent's {@code CREATE TABLE … AS SELECT … FROM
 * patients} blocks in the real driver; the in-process approval server (dev mode off) announces it
 * by a Standard Webhook and a Slack message to receivers in this test; another identity approves
 * through the signed decision callback, a signed Slack button click, or the web console in headless
 * Chromium after an OIDC sign-in (authorization code + PKCE); the blocked call then completes.
 */
class ApprovalChannelsIT {
  private static final String CTAS = "CREATE TABLE export_x AS SELECT id, ssn FROM patients";
  private static final String WEBHOOK_SECRET = secret("channels-it-webhook-secret-32byte");
  private static final String CALLBACK_SECRET = secret("channels-it-callback-secret-32byt");
  private static final String ATTACKER_SECRET = secret("an-attackers-own-secret-32-bytes!");
  private static final String SLACK_SECRET = "channels-it-slack-signing-secret";

  /** Every value the test inserts; none may leave the database in a notification. */
  private static final String[] PHI = {"900-11-0001", "900-11-0002", "Zelda Quarry", "Yusuf Ember"};

  private static final Pattern ID = Pattern.compile("\"id\":\"(apr_[0-9a-f]{32})\"");
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final ApprovalsIT.MovableClock clock = new ApprovalsIT.MovableClock(Instant.now());
  private final List<AutoCloseable> closing = new ArrayList<>();
  private TestDatabase db;
  private Receiver receiver;
  private TestIdentityProvider idp;
  private ApprovalServer server;

  private static String secret(String key) {
    return "whsec_" + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.US_ASCII));
  }

  @BeforeEach
  void start() throws Exception {
    db = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement()) {
      st.execute("CREATE TABLE patients (id INT PRIMARY KEY, name VARCHAR(40), ssn VARCHAR(11))");
      st.executeUpdate(
          "INSERT INTO patients VALUES (1, 'Zelda Quarry', '900-11-0001'),"
              + " (2, 'Yusuf Ember', '900-11-0002')");
    }
    receiver = new Receiver();
    idp = new TestIdentityProvider(clock);
    ApprovalSettings settings =
        ApprovalSettings.of(
            List.of(new RuleSpec("bulk-export", 1, Set.of("privacy"))),
            // port 0: the server writes the port it binds (the console's OIDC redirect URI)
            URI.create("http://127.0.0.1:0/console"));
    server =
        ApprovalServer.start(
            ServerOptions.of(settings, dir.resolve("server"))
                .address(new InetSocketAddress("127.0.0.1", 0))
                .devMode(false)
                .clock(clock)
                .webhooks(List.of(new ServerOptions.Webhook(receiver.uri("/hook"), WEBHOOK_SECRET)))
                .callback(
                    new ServerOptions.Callback(
                        CALLBACK_SECRET, Map.of("policy-bot", Set.of("privacy"))))
                .slack(
                    new ServerOptions.Slack(
                        SLACK_SECRET,
                        Map.of("U0PRIVACY", new Approver("carol", Set.of("privacy"), "slack")),
                        receiver.uri("/slack")))
                .consoleLogin(idp.config()));
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
    if (idp != null) {
      idp.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    PhiGuard.shutdown();
    db.close();
  }

  @Test
  void aSignedDecisionCallbackApprovesTheBlockedExportAndTheNextRunNeedsANewApproval()
      throws Exception {
    Connection c = agent("block");
    Future<Object> blocked = execute(c, CTAS);
    String id = pendingRequest();

    Receiver.Delivery announced = receiver.await("/hook", d -> d.body().contains(id));
    assertThat(announced.body()).contains("\"type\":\"approval.requested\"");
    assertVerifiedWebhookWithoutPhi(announced, id);

    long now = clock.instant().getEpochSecond();
    HttpResponse<String> forged = callback(id, "policy-bot", ATTACKER_SECRET, now);
    assertThat(forged.statusCode()).as(forged.body()).isEqualTo(401);
    HttpResponse<String> stale = callback(id, "policy-bot", CALLBACK_SECRET, now - 301);
    assertThat(stale.statusCode()).as(stale.body()).isEqualTo(401);
    assertThat(stale.body()).contains("5 minutes");
    HttpResponse<String> stranger = callback(id, "mallory", CALLBACK_SECRET, now);
    assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(403);
    assertStillPendingAndBlocked(id, blocked);

    HttpResponse<String> approved = callback(id, "policy-bot", CALLBACK_SECRET, now);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertRanAndRedeemedBy(id, blocked, "policy-bot");
    // every delivery so far, the updates included, verifies and carries no value
    for (Receiver.Delivery d : receiver.received("/hook")) {
      assertVerifiedWebhookWithoutPhi(d, id);
    }

    dropExport();
    Future<Object> again = execute(c, CTAS);
    String second = pendingRequest();
    assertThat(second).isNotEqualTo(id);
    assertStillPendingAndBlocked(second, again);
    assertThat(callback(second, "policy-bot", CALLBACK_SECRET, now).statusCode()).isEqualTo(200);
    assertRanAndRedeemedBy(second, again, "policy-bot");
  }

  @Test
  void aSignedSlackButtonClickApprovesTheBlockedExport() throws Exception {
    Connection c = agent("block");
    Future<Object> blocked = execute(c, CTAS);
    String id = pendingRequest();
    // the click echoes the Approve button of the message the server posted to Slack
    Receiver.Delivery message = slackMessageFor(id);
    assertThat(message.body()).contains("bulk-export").contains("report-bot").doesNotContain(PHI);
    Map<String, Object> button = approveButton(message);
    assertThat(button.get("value")).isEqualTo(id);
    String action = (String) button.get("action_id");

    long now = clock.instant().getEpochSecond();
    HttpResponse<String> forged =
        slackClick("U0PRIVACY", action, id, now, "forged-signing-secret-0123456789");
    assertThat(forged.statusCode()).as(forged.body()).isEqualTo(401);
    HttpResponse<String> stale = slackClick("U0PRIVACY", action, id, now - 301, SLACK_SECRET);
    assertThat(stale.statusCode()).as(stale.body()).isEqualTo(401);
    assertThat(stale.body()).contains("older than 5 minutes");
    HttpResponse<String> unmapped = slackClick("U0STRANGER", action, id, now, SLACK_SECRET);
    assertThat(unmapped.statusCode()).isEqualTo(200);
    assertThat(unmapped.body()).contains("not an approver");
    assertStillPendingAndBlocked(id, blocked);

    HttpResponse<String> approved = slackClick("U0PRIVACY", action, id, now, SLACK_SECRET);
    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(approved.body()).contains(id).contains("approved");
    assertRanAndRedeemedBy(id, blocked, "carol");
  }

  @Test
  void slackMarkupInTheStatementRendersInertInTheSlackMessage() throws Exception {
    Connection c = agent("fail-fast");
    SQLException held =
        catchThrowableOfType(
            () ->
                run(
                    c,
                    "CREATE TABLE \"<!channel> <http://evil|click>\" AS SELECT id, ssn FROM"
                        + " patients"),
            SQLException.class);
    assertThat(held.getSQLState()).isEqualTo("PH001");
    String id = ((PhiGuardErrors.ApprovalDetails) held).requestId();
    // the server received the markup as the driver normalized it
    assertThat(get("/v1/requests/" + id).body()).contains("<!channel> <http://evil|click>");

    List<String> texts = new ArrayList<>();
    strings(JSONObjectUtils.parse(slackMessageFor(id).body()), texts);
    assertThat(texts)
        .allSatisfy(
            t ->
                assertThat(t)
                    .doesNotContain("<!channel>")
                    .doesNotContain("<http://evil")
                    .doesNotContain("evil|click>"));
    assertThat(String.join("\n", texts))
        .contains("&lt;!channel&gt; &lt;http://evil|click&gt;")
        .doesNotContain(PHI);
  }

  @Test
  void anApproverSignedInThroughOidcClicksApproveInTheConsole() throws Exception {
    WebDriver browser = HeadlessChromium.start(dir.resolve("chromium"));
    closing.add(browser::quit);
    Connection c = agent("block");
    Future<Object> blocked = execute(c, CTAS);
    String id = pendingRequest();
    // dev mode is off: the dev approver header is no way in
    HttpResponse<String> dev =
        http.send(
            HttpRequest.newBuilder(server.baseUri().resolve("/v1/requests/" + id + "/votes"))
                .header("X-PhiGuard-Dev-Approver", "dana")
                .header("X-PhiGuard-Dev-Groups", "privacy")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"approve\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(dev.statusCode()).as(dev.body()).isEqualTo(401);
    assertStillPendingAndBlocked(id, blocked);
    idp.user("dana", "privacy");

    browser.get(server.baseUri().resolve("/console/").toString());
    browser.findElement(By.id("login")).click();
    // provider → callback → console, signed in
    HeadlessChromium.waitFor(browser, () -> !browser.findElements(By.id("requests")).isEmpty());
    assertThat(browser.findElement(By.id("approver")).getText()).isEqualTo("dana");
    assertThat(idp.pkceVerified.get()).isEqualTo(1);
    assertThat(idp.pkceFailures.get()).isZero();

    browser.findElement(By.linkText(id)).click();
    HeadlessChromium.waitFor(
        browser, () -> browser.findElement(By.id("status")).getText().equals("pending"));
    assertThat(browser.findElement(By.id("sql")).getText()).contains("export_x");
    assertThat(browser.getPageSource()).doesNotContain(PHI);
    assertThat(blocked.isDone()).isFalse();
    browser.findElement(By.id("approve-reason")).sendKeys("quarterly report, masked copy");
    browser.findElement(By.id("approve")).click();

    assertRanAndRedeemedBy(id, blocked, "dana");
    assertThat(get("/v1/requests/" + id).body()).contains("quarterly report, masked copy");
  }

  // ---- the driver side

  private Connection agent(String mode) throws Exception {
    String policy =
        """
        version: 1
        protect:
          patients:
            ssn: {mask: "partial(0, 4)"}
            name: {mask: redact}
        approvals:
          server: %1$s
          mode: %2$s
          max-wait: 1m
          rules:
            - { name: bulk-export, when: export, approvers: [privacy] }
        audit:
          store: file:./store-%2$s/audit.jsonl
          journal: ./journal-%2$s/phiguard.jsonl
        """
            .formatted(server.baseUri(), mode);
    Path file = Files.writeString(dir.resolve("phiguard-" + mode + ".yaml"), policy);
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

  private Future<Object> execute(Connection c, String sql) {
    return threads.submit(
        () -> {
          run(c, sql);
          return null;
        });
  }

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private void assertStillPendingAndBlocked(String id, Future<Object> blocked) throws Exception {
    String view = get("/v1/requests/" + id).body();
    assertThat(view).contains("\"status\":\"pending\"").contains("\"votes\":[]");
    assertThat(blocked.isDone()).as("the JDBC call is still blocked").isFalse();
    assertThat(tableExists()).isFalse();
  }

  /** The blocked call completed, copying masked values, under a grant recorded for approver. */
  private void assertRanAndRedeemedBy(String id, Future<Object> blocked, String approver)
      throws Exception {
    blocked.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertThat(exported()).containsExactly("*******0001", "*******0002");
    String view = get("/v1/requests/" + id).body();
    assertThat(view)
        .contains("\"status\":\"redeemed\"")
        .containsPattern(
            "\"votes\":\\[\\{\"subject\":\"" + approver + "\",\"decision\":\"approve\"")
        .doesNotContain(PHI);
    assertThat(Files.readString(dir.resolve("journal-block/phiguard.jsonl")))
        .contains("\"approval_id\":\"" + id + "\"")
        .contains("\"approvers\":[\"" + approver + "\"]");
  }

  private List<String> exported() throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement();
        ResultSet rs = st.executeQuery("SELECT ssn FROM export_x ORDER BY id")) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private boolean tableExists() throws SQLException {
    try (Connection raw = db.openRaw();
        ResultSet rs = raw.getMetaData().getTables(null, null, "export_x", null)) {
      return rs.next();
    }
  }

  private void dropExport() throws SQLException {
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement()) {
      st.execute("DROP TABLE export_x");
    }
  }

  // ---- the server's API, the webhook and the callback

  /** The id of the one pending request, once it appears. */
  private String pendingRequest() throws Exception {
    long until = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < until) {
      Matcher m = ID.matcher(get("/v1/requests?status=pending").body());
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no pending approval request appeared");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.baseUri().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void assertVerifiedWebhookWithoutPhi(Receiver.Delivery d, String id) {
    assertThat(
            Signatures.verifiesAsStandardWebhook(
                WEBHOOK_SECRET,
                d.header("webhook-id"),
                d.header("webhook-timestamp"),
                d.header("webhook-signature"),
                d.body()))
        .as("the webhook verifies by the Standard Webhooks algorithm")
        .isTrue();
    assertThat(
            Signatures.verifiesAsStandardWebhook(
                ATTACKER_SECRET,
                d.header("webhook-id"),
                d.header("webhook-timestamp"),
                d.header("webhook-signature"),
                d.body()))
        .as("and not under another secret")
        .isFalse();
    assertThat(d.header("webhook-id")).startsWith("msg_");
    // the standard's replay window: the timestamp is the server's now, within 5 minutes
    assertThat(Long.parseLong(d.header("webhook-timestamp")))
        .isCloseTo(clock.instant().getEpochSecond(), Offset.offset(300L));
    assertThat(d.body())
        .contains("\"id\":\"" + id + "\"")
        .contains("\"rule\":\"bulk-export\"")
        .doesNotContain("grant\":\"")
        .doesNotContain(PHI);
  }

  private HttpResponse<String> callback(String id, String approver, String secret, long timestamp)
      throws Exception {
    Map<String, Object> vote = new LinkedHashMap<>();
    vote.put("request_id", id);
    vote.put("approver", approver);
    vote.put("decision", "approve");
    String body = JSONObjectUtils.toJSONString(vote);
    String messageId = "msg_it_" + timestamp + "_" + approver;
    return http.send(
        HttpRequest.newBuilder(server.baseUri().resolve("/v1/callbacks/decision"))
            .header("Content-Type", "application/json")
            .header("webhook-id", messageId)
            .header("webhook-timestamp", Long.toString(timestamp))
            .header(
                "webhook-signature", Signatures.standardWebhook(secret, messageId, timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  // ---- Slack

  private Receiver.Delivery slackMessageFor(String id) throws InterruptedException {
    return receiver.await("/slack", d -> d.body().contains(id));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> approveButton(Receiver.Delivery message) throws Exception {
    for (Object block : (List<Object>) JSONObjectUtils.parse(message.body()).get("blocks")) {
      Map<String, Object> b = (Map<String, Object>) block;
      if ("actions".equals(b.get("type"))) {
        for (Object element : (List<Object>) b.get("elements")) {
          Map<String, Object> button = (Map<String, Object>) element;
          if ("Approve".equals(((Map<String, Object>) button.get("text")).get("text"))) {
            return button;
          }
        }
      }
    }
    throw new AssertionError("no Approve button in " + message.body());
  }

  /** Posts a block_actions payload as Slack does: form-encoded, signed v0. */
  private HttpResponse<String> slackClick(
      String userId, String actionId, String requestId, long timestamp, String signingSecret)
      throws Exception {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", "block_actions");
    payload.put("user", Map.of("id", userId, "username", "it-" + userId));
    payload.put("api_app_id", "A0PHIGUARD");
    payload.put(
        "actions", List.of(Map.of("action_id", actionId, "value", requestId, "type", "button")));
    String body =
        "payload="
            + URLEncoder.encode(JSONObjectUtils.toJSONString(payload), StandardCharsets.UTF_8);
    return http.send(
        HttpRequest.newBuilder(server.baseUri().resolve("/v1/slack/interactions"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
            .header("X-Slack-Signature", Signatures.slack(signingSecret, timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Every string value anywhere in a parsed JSON document. */
  private static void strings(Object json, List<String> into) {
    if (json instanceof String s) {
      into.add(s);
    } else if (json instanceof Map<?, ?> m) {
      m.values().forEach(v -> strings(v, into));
    } else if (json instanceof List<?> l) {
      l.forEach(v -> strings(v, into));
    }
  }
}
