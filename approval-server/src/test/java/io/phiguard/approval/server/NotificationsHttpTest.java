package io.phiguard.approval.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications and decisions over real HTTP: a webhook receiver that fails once then accepts, the
 * signed decision callback, and a Slack interaction signed with a test signing secret.
 */
class NotificationsHttpTest {
  private static final String WEBHOOK_SECRET =
      "whsec_" + Base64.getEncoder().encodeToString("webhook-test-secret-32-bytes-long".getBytes());
  private static final String CALLBACK_SECRET =
      "whsec_" + Base64.getEncoder().encodeToString("callback-test-secret-32-bytes-lng".getBytes());
  private static final String SLACK_SECRET = "slack-test-signing-secret";

  @TempDir Path dir;
  private final Instant start = Instant.now();
  private final MutableClock clock = new MutableClock(start);
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private HttpServer receiver;
  private JdbcApprovalStore store;
  private ApprovalService service;
  private ApprovalHttpServer server;

  private record Received(Map<String, String> headers, String body) {}

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Map<String, String> h = new LinkedHashMap<>();
          for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            h.put(name, ex.getRequestHeaders().getFirst(name));
          }
          // the first delivery fails: the notifier must retry
          int n = attempts.incrementAndGet();
          received.add(new Received(h, body));
          ex.sendResponseHeaders(n == 1 ? 500 : 204, -1);
          ex.close();
        });
    receiver.start();
    ApprovalSettings settings = Fixtures.settings();
    Delivery delivery =
        new Delivery(http, scheduler, List.of(Duration.ofMillis(20), Duration.ofMillis(20)));
    WebhookNotifier webhooks =
        new WebhookNotifier(
            URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
            WEBHOOK_SECRET,
            delivery,
            settings,
            clock);
    store =
        JdbcApprovalStore.open(
            "jdbc:h2:file:" + dir.resolve("approvals").toAbsolutePath(), new Properties());
    ServerKeys keys = ServerKeys.ephemeral();
    service = new ApprovalService(store, settings, keys, webhooks, clock);
    server =
        ApprovalHttpServer.builder(service, keys)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .route(
                "/v1/callbacks/decision",
                new DecisionCallbackHandler(
                    service, CALLBACK_SECRET, Map.of("policy-bot", Set.of("security"))))
            .route(
                "/v1/slack/interactions",
                new SlackInteractionHandler(
                    service,
                    new SlackSignature(SLACK_SECRET),
                    Map.of("U0DBA", new Approver("erin", Set.of("dba"), "slack"))))
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
    receiver.stop(0);
    scheduler.shutdownNow();
    store.close();
  }

  private Received next() throws InterruptedException {
    Received r = received.poll(5, TimeUnit.SECONDS);
    assertThat(r).as("a webhook delivery").isNotNull();
    return r;
  }

  @Test
  void theWebhookIsSignedByTheStandardRetriedUnderOneIdAndCarriesNoGrantOrValues()
      throws Exception {
    ApprovalRequest r = service.create(Fixtures.agentExport()).orThrow();
    Received first = next();
    Received retry = next();
    assertThat(retry.headers().get("webhook-id")).isEqualTo(first.headers().get("webhook-id"));
    String problem =
        StandardWebhooks.fromSecret(WEBHOOK_SECRET)
            .verify(
                retry.headers().get("webhook-id"),
                retry.headers().get("webhook-timestamp"),
                retry.headers().get("webhook-signature"),
                retry.body(),
                clock.instant());
    assertThat(problem).isNull();
    Map<String, Object> event = JSONObjectUtils.parse(retry.body());
    assertThat(event.get("type")).isEqualTo("approval.requested");
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) event.get("data");
    assertThat(data.get("id")).isEqualTo(r.id());
    assertThat(data.get("normalized_sql")).isEqualTo(Fixtures.agentExport().normalizedSql());
    assertThat(retry.body()).doesNotContain("grant").doesNotContain(Fixtures.PARAMS);
    assertThat(
            StandardWebhooks.fromSecret(CALLBACK_SECRET)
                .verify(
                    retry.headers().get("webhook-id"),
                    retry.headers().get("webhook-timestamp"),
                    retry.headers().get("webhook-signature"),
                    retry.body(),
                    clock.instant()))
        .as("another secret does not verify")
        .isNotNull();
  }

  private HttpResponse<String> callback(Map<String, Object> decision, String secret, long ts)
      throws Exception {
    String body = JSONObjectUtils.toJSONString(decision);
    String id = "msg_cb_" + ts;
    return http.send(
        HttpRequest.newBuilder(server.baseUri().resolve("/v1/callbacks/decision"))
            .header("webhook-id", id)
            .header("webhook-timestamp", Long.toString(ts))
            .header("webhook-signature", StandardWebhooks.fromSecret(secret).sign(id, ts, body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSignedCallbackFromAnAutomatedApproverVotesAndForgedOrStaleOnesAreRefused()
      throws Exception {
    ApprovalRequest r = service.create(Fixtures.ddlBy("dave")).orThrow();
    long now = clock.instant().getEpochSecond();
    Map<String, Object> decision = new LinkedHashMap<>();
    decision.put("request_id", r.id());
    decision.put("approver", "policy-bot");
    decision.put("decision", "deny");
    decision.put("reason", "outside the change window");
    String otherSecret =
        "whsec_"
            + Base64.getEncoder().encodeToString("an-attackers-own-secret-32-bytes".getBytes());
    assertThat(callback(decision, otherSecret, now).statusCode()).isEqualTo(401);
    assertThat(callback(decision, CALLBACK_SECRET, now - 600).statusCode()).isEqualTo(401);
    Map<String, Object> stranger = new LinkedHashMap<>(decision);
    stranger.put("approver", "mallory");
    assertThat(callback(stranger, CALLBACK_SECRET, now).statusCode()).isEqualTo(403);
    assertThat(store.find(r.id()).orElseThrow().votes()).isEmpty();

    // policy-bot is in "security", the schema-change rule wants "dba"
    HttpResponse<String> wrongGroup = callback(decision, CALLBACK_SECRET, now);
    assertThat(wrongGroup.statusCode()).isEqualTo(403);
    ApprovalRequest export = service.create(Fixtures.agentExport()).orThrow();
    decision.put("request_id", export.id());
    HttpResponse<String> denied = callback(decision, CALLBACK_SECRET, now);
    assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
    assertThat(store.find(export.id()).orElseThrow().status()).isEqualTo(RequestStatus.DENIED);
    assertThat(store.find(export.id()).orElseThrow().denyReason())
        .isEqualTo("outside the change window");
  }

  private HttpResponse<String> slack(
      String userId, String action, String requestId, long ts, String secret) throws Exception {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", "block_actions");
    payload.put("user", Map.of("id", userId));
    payload.put("actions", List.of(Map.of("action_id", action, "value", requestId)));
    String body =
        "payload="
            + URLEncoder.encode(JSONObjectUtils.toJSONString(payload), StandardCharsets.UTF_8);
    return http.send(
        HttpRequest.newBuilder(server.baseUri().resolve("/v1/slack/interactions"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Slack-Request-Timestamp", Long.toString(ts))
            .header("X-Slack-Signature", new SlackSignature(secret).sign(Long.toString(ts), body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aMappedSlackUserApprovesByButtonAndOthersAreTurnedAway() throws Exception {
    ApprovalRequest r = service.create(Fixtures.ddlBy("dave")).orThrow();
    long now = clock.instant().getEpochSecond();
    assertThat(
            slack("U0DBA", SlackMessage.APPROVE, r.id(), now, "forged-signing-secret!!")
                .statusCode())
        .isEqualTo(401);
    assertThat(slack("U0DBA", SlackMessage.APPROVE, r.id(), now - 301, SLACK_SECRET).statusCode())
        .isEqualTo(401);
    HttpResponse<String> stranger =
        slack("U0NOBODY", SlackMessage.APPROVE, r.id(), now, SLACK_SECRET);
    assertThat(stranger.statusCode()).isEqualTo(200);
    assertThat(stranger.body()).contains("not an approver");
    HttpResponse<String> deny = slack("U0DBA", SlackMessage.DENY, r.id(), now, SLACK_SECRET);
    assertThat(deny.body()).contains("needs a reason");
    assertThat(store.find(r.id()).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);

    HttpResponse<String> approve = slack("U0DBA", SlackMessage.APPROVE, r.id(), now, SLACK_SECRET);
    assertThat(approve.body()).contains("approved");
    assertThat(store.find(r.id()).orElseThrow().status()).isEqualTo(RequestStatus.APPROVED);
    assertThat(store.find(r.id()).orElseThrow().votes().get(0).channel()).isEqualTo("slack");
  }
}
