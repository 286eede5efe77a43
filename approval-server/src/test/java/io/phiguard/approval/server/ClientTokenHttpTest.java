package io.phiguard.approval.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.phiguard.approval.client.ClientToken;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a client token, only drivers holding it create requests, see grants and redeem them. */
class ClientTokenHttpTest {
  private static final String TOKEN = "ct-synthetic-token-0123456789abcdef";
  private static final String WRONG = "ct-wrong-synthetic-0123456789abcdef";

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final HttpClient http = HttpClient.newHttpClient();
  private final Logger log = Logger.getLogger(ApprovalHttpServer.class.getName());
  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          synchronized (logged) {
            logged.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private JdbcApprovalStore store;
  private ApprovalHttpServer server;

  private void start(ClientToken token) throws Exception {
    log.addHandler(capture);
    store =
        JdbcApprovalStore.open(
            "jdbc:h2:file:" + dir.resolve("approvals").toAbsolutePath(), new Properties());
    ServerKeys keys = ServerKeys.ephemeral();
    ApprovalService service =
        new ApprovalService(store, Fixtures.settings(), keys, ApprovalEvents.NONE, clock);
    server =
        ApprovalHttpServer.builder(service, keys)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .approvers(new DevModeApprovers(ApproverAuthenticator.NONE))
            .clientToken(token)
            .start();
  }

  private static ClientToken token() {
    return ClientToken.of(TOKEN.getBytes(StandardCharsets.US_ASCII));
  }

  @AfterEach
  void stop() {
    log.removeHandler(capture);
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
  }

  private HttpResponse<String> send(String method, String path, Map<String, ?> body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header(ClientToken.HEADER, token);
    }
    if (path.endsWith("/votes")) {
      b.header("X-PhiGuard-Dev-Approver", "erin").header("X-PhiGuard-Dev-Groups", "dba");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body)));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Object> json(HttpResponse<String> r) throws Exception {
    return JSONObjectUtils.parse(r.body());
  }

  private static void assertClientRefused(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(json(r).get("error")).isEqualTo("client-unauthenticated");
    assertThat((String) json(r).get("message")).contains("approvals.client-token");
    assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(r.body()).doesNotContain(TOKEN);
  }

  private String createApproved() throws Exception {
    HttpResponse<String> created =
        send("POST", "/v1/requests", RequestCodec.submissionJson(Fixtures.ddlBy("dave")), TOKEN);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = (String) json(created).get("id");
    Map<String, Object> vote = new LinkedHashMap<>();
    vote.put("decision", "approve");
    vote.put("reason", "ok");
    HttpResponse<String> voted = send("POST", "/v1/requests/" + id + "/votes", vote, null);
    assertThat(voted.statusCode()).as(voted.body()).isEqualTo(200);
    assertThat(json(voted).get("status")).isEqualTo("approved");
    // the approver is no driver: the answer to the deciding vote carries no grant
    assertThat(json(voted).get("grant")).isNull();
    return id;
  }

  private static Map<String, Object> redemption(String id, String grant) {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("request_id", id);
    statement.put("subject", "dave");
    statement.put("datasource", "postgresql://db/ehr");
    statement.put("fingerprint", "fp-2");
    statement.put("sql_hash", Fixtures.SQL_HASH);
    statement.put("params_digest", Fixtures.PARAMS);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("grant", grant);
    body.put("statement", statement);
    return body;
  }

  @Test
  void creatingWithoutTheTokenOrWithAWrongOneIsRefusedAndStoresNothing() throws Exception {
    start(token());
    Map<String, Object> body = RequestCodec.submissionJson(Fixtures.ddlBy("dave"));
    assertClientRefused(send("POST", "/v1/requests", body, null));
    assertClientRefused(send("POST", "/v1/requests", body, WRONG));
    assertClientRefused(send("POST", "/v1/requests", body, TOKEN.substring(1)));
    assertThat(json(send("GET", "/v1/requests?status=pending", null, TOKEN)).get("requests"))
        .asList()
        .isEmpty();
  }

  @Test
  void approversReadRequestsWithoutTheTokenButOnlyDriversSeeTheGrant() throws Exception {
    start(token());
    String id = createApproved();

    Map<String, Object> anonymous = json(send("GET", "/v1/requests/" + id, null, null));
    assertThat(anonymous.get("status")).isEqualTo("approved");
    assertThat(anonymous.get("grant")).isNull();
    Map<String, Object> listed = json(send("GET", "/v1/requests?status=approved", null, null));
    assertThat(listed.get("requests").toString()).contains(id).doesNotContain("grant=ey");
    assertClientRefused(send("GET", "/v1/requests/" + id, null, WRONG));

    Map<String, Object> driver = json(send("GET", "/v1/requests/" + id, null, TOKEN));
    String grant = (String) driver.get("grant");
    assertThat(grant).startsWith("ey");
    assertThat(json(send("GET", "/v1/requests?status=approved", null, TOKEN)).toString())
        .contains(grant);
    // verification keys are public
    assertThat(send("GET", "/v1/keys", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void redeemingNeedsTheToken() throws Exception {
    start(token());
    String id = createApproved();
    String grant = (String) json(send("GET", "/v1/requests/" + id, null, TOKEN)).get("grant");

    assertClientRefused(send("POST", "/v1/grants/redeem", redemption(id, grant), null));
    assertClientRefused(send("POST", "/v1/grants/redeem", redemption(id, grant), WRONG));
    HttpResponse<String> redeemed = send("POST", "/v1/grants/redeem", redemption(id, grant), TOKEN);
    assertThat(redeemed.statusCode()).as(redeemed.body()).isEqualTo(200);
    assertThat(json(redeemed).get("status")).isEqualTo("redeemed");
    assertThat(warnings()).isEmpty();
  }

  @Test
  void withoutATokenDriversAreNotAuthenticatedAndTheServerWarnsAtStart() throws Exception {
    start(null);
    assertThat(warnings())
        .singleElement()
        .satisfies(m -> assertThat(m).contains("drivers are not authenticated"));
    HttpResponse<String> created =
        send("POST", "/v1/requests", RequestCodec.submissionJson(Fixtures.ddlBy("dave")), null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = (String) json(created).get("id");
    Map<String, Object> vote = new LinkedHashMap<>();
    vote.put("decision", "approve");
    vote.put("reason", "ok");
    send("POST", "/v1/requests/" + id + "/votes", vote, null);
    assertThat((String) json(send("GET", "/v1/requests/" + id, null, null)).get("grant"))
        .startsWith("ey");
  }

  @Test
  void aServerWithATokenKeepsGrantsOutOfCallbackAnswers() throws Exception {
    String secret =
        "whsec_"
            + java.util.Base64.getEncoder()
                .encodeToString(
                    "callback-secret-for-tests-only!!".getBytes(StandardCharsets.UTF_8));
    try (ApprovalServer full =
        ApprovalServer.start(
            ServerOptions.of(Fixtures.settings(), dir.resolve("full"))
                .address(new InetSocketAddress("127.0.0.1", 0))
                .clientToken(token())
                .callback(
                    new ServerOptions.Callback(
                        secret, Map.of("policy-bot", java.util.Set.of("dba"))))
                .clock(clock))) {
      String id = full.service().create(Fixtures.ddlBy("dave")).orThrow().id();
      Map<String, Object> decision = new LinkedHashMap<>();
      decision.put("request_id", id);
      decision.put("approver", "policy-bot");
      decision.put("decision", "approve");
      String body = JSONObjectUtils.toJSONString(decision);
      long ts = clock.instant().getEpochSecond();
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(full.baseUri().resolve("/v1/callbacks/decision"))
                  .timeout(Duration.ofSeconds(20))
                  .header("webhook-id", "msg_cb_1")
                  .header("webhook-timestamp", Long.toString(ts))
                  .header(
                      "webhook-signature",
                      StandardWebhooks.fromSecret(secret).sign("msg_cb_1", ts, body))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(json(answer).get("status")).isEqualTo("approved");
      assertThat(json(answer).get("grant")).isNull();
      assertThat(full.service().find(id).orElseThrow().grant()).startsWith("ey");
    }
  }

  private List<String> warnings() {
    synchronized (logged) {
      return logged.stream()
          .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
          .map(LogRecord::getMessage)
          .toList();
    }
  }
}
