package io.phiguard.approval.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API over real HTTP (java.net.http), on port 0, with OIDC approver tokens. */
class ApprovalHttpServerTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final HttpClient http = HttpClient.newHttpClient();
  private JdbcApprovalStore store;
  private ApprovalHttpServer server;
  private TestTokens tokens;

  @BeforeEach
  void start() throws Exception {
    tokens = new TestTokens(dir);
    store =
        JdbcApprovalStore.open(
            "jdbc:h2:file:" + dir.resolve("approvals").toAbsolutePath(), new Properties());
    ServerKeys keys = ServerKeys.ephemeral();
    ApprovalService service =
        new ApprovalService(store, Fixtures.settings(), keys, ApprovalEvents.NONE, clock);
    server =
        ApprovalHttpServer.builder(service, keys)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .approvers(
                new BearerTokenApprovers(
                    tokens.jwks.toString(),
                    TestTokens.ISSUER,
                    TestTokens.AUDIENCE,
                    Set.of("RS256"),
                    "groups",
                    clock))
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private HttpResponse<String> send(String method, String path, Map<String, ?> body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
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

  private String create(NewRequest request) throws Exception {
    HttpResponse<String> r =
        send("POST", "/v1/requests", RequestCodec.submissionJson(request), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    Map<String, Object> body = json(r);
    assertThat(body.get("status")).isEqualTo("pending");
    assertThat((String) body.get("console_url"))
        .isEqualTo("http://localhost:8470/console/requests/" + body.get("id"));
    return (String) body.get("id");
  }

  private String bearer(String subject, String... groups) throws Exception {
    return tokens.token(subject, clock.instant(), groups);
  }

  private static Map<String, Object> vote(String decision, String reason) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("decision", decision);
    v.put("reason", reason);
    return v;
  }

  @Test
  void aDriverCreatesAnApproverApprovesALongPollSeesItAndTheGrantRedeemsOnce() throws Exception {
    String id = create(Fixtures.ddlBy("dave"));
    Map<String, Object> before = json(send("GET", "/v1/requests/" + id, null, null));
    CompletableFuture<HttpResponse<String>> poll =
        http.sendAsync(
            HttpRequest.newBuilder(server.baseUri().resolve("/v1/requests/" + id + "?wait=20s"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    HttpResponse<String> voted =
        send("POST", "/v1/requests/" + id + "/votes", vote("approve", "ok"), bearer("erin", "dba"));
    assertThat(voted.statusCode()).as(voted.body()).isEqualTo(200);

    Map<String, Object> seen = json(poll.get());
    assertThat(seen.get("status")).isEqualTo("approved");
    assertThat(((Number) seen.get("version")).longValue())
        .isGreaterThan(((Number) before.get("version")).longValue());
    String grant = (String) seen.get("grant");
    assertThat(grant).isNotBlank();

    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("request_id", id);
    statement.put("subject", "dave");
    statement.put("datasource", "postgresql://db/ehr");
    statement.put("fingerprint", "fp-2");
    statement.put("sql_hash", Fixtures.SQL_HASH);
    statement.put("params_digest", Fixtures.PARAMS);
    Map<String, Object> redeem = new LinkedHashMap<>();
    redeem.put("grant", grant);
    redeem.put("statement", statement);
    HttpResponse<String> first = send("POST", "/v1/grants/redeem", redeem, null);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(json(first).get("status")).isEqualTo("redeemed");
    HttpResponse<String> replay = send("POST", "/v1/grants/redeem", redeem, null);
    assertThat(replay.statusCode()).isEqualTo(409);
    assertThat(json(replay).get("error")).isEqualTo("grant-redeemed");
    assertThat((String) json(replay).get("message")).contains(id).contains("schema-change");
  }

  @Test
  void votesNeedAValidTokenFromAnotherPersonInTheRightGroup() throws Exception {
    String id = create(Fixtures.agentExport());
    String path = "/v1/requests/" + id + "/votes";
    assertThat(send("POST", path, vote("approve", null), null).statusCode()).isEqualTo(401);
    String wrongIssuer =
        tokens.token("erin", "https://evil.test", clock.instant().plusSeconds(60), "dba");
    assertThat(send("POST", path, vote("approve", null), wrongIssuer).statusCode()).isEqualTo(401);
    String expired =
        tokens.token("erin", TestTokens.ISSUER, clock.instant().minusSeconds(120), "dba");
    assertThat(send("POST", path, vote("approve", null), expired).statusCode()).isEqualTo(401);

    HttpResponse<String> self = send("POST", path, vote("approve", null), bearer("carol", "dba"));
    assertThat(self.statusCode()).isEqualTo(403);
    assertThat(json(self).get("error")).isEqualTo("self-approval");
    assertThat((String) json(self).get("message")).contains(id).contains("bulk-export");

    HttpResponse<String> outsider =
        send("POST", path, vote("approve", null), bearer("gina", "nurses"));
    assertThat(json(outsider).get("error")).isEqualTo("not-an-approver");

    HttpResponse<String> noReason = send("POST", path, vote("deny", ""), bearer("erin", "dba"));
    assertThat(noReason.statusCode()).isEqualTo(422);

    assertThat(send("POST", path, vote("approve", null), bearer("erin", "dba")).statusCode())
        .isEqualTo(200);
    HttpResponse<String> twice = send("POST", path, vote("approve", null), bearer("erin", "dba"));
    assertThat(json(twice).get("error")).isEqualTo("already-voted");
    Map<String, Object> state = json(send("GET", "/v1/requests/" + id, null, null));
    assertThat(state.get("status")).isEqualTo("pending");
    assertThat(state.get("approvals")).isEqualTo(1L);
  }

  @Test
  void pauseHoldsTheRequestPastItsDeadlineAndResumeReopensIt() throws Exception {
    String id = create(Fixtures.ddlBy("dave"));
    Map<String, Object> reason = new LinkedHashMap<>();
    reason.put("reason", "which change ticket?");
    HttpResponse<String> paused =
        send("POST", "/v1/requests/" + id + "/pause", reason, bearer("erin", "dba"));
    assertThat(json(paused).get("status")).isEqualTo("paused");
    clock.advance(Duration.ofMinutes(30));
    Map<String, Object> seen = json(send("GET", "/v1/requests/" + id, null, null));
    assertThat(seen.get("status")).isEqualTo("paused");
    assertThat(seen.get("pause_reason")).isEqualTo("which change ticket?");
    assertThat(
            json(send("POST", "/v1/requests/" + id + "/resume", null, bearer("erin", "dba")))
                .get("status"))
        .isEqualTo("pending");
    assertThat(
            json(send(
                    "POST",
                    "/v1/requests/" + id + "/votes",
                    vote("approve", null),
                    bearer("erin", "dba")))
                .get("status"))
        .isEqualTo("approved");
  }

  @Test
  void getNeverChangesStateAndListShowsPendingOnly() throws Exception {
    String id = create(Fixtures.ddlBy("dave"));
    List<?> pending =
        (List<?>) json(send("GET", "/v1/requests?status=pending", null, null)).get("requests");
    assertThat(pending).hasSize(1);
    clock.advance(Duration.ofMinutes(16));
    assertThat(json(send("GET", "/v1/requests/" + id, null, null)).get("status"))
        .isEqualTo("expired");
    // the GET reported the expiry without storing it
    assertThat(store.find(id).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
    assertThat(
            (List<?>) json(send("GET", "/v1/requests?status=pending", null, null)).get("requests"))
        .isEmpty();
    assertThat(
            (List<?>) json(send("GET", "/v1/requests?status=expired", null, null)).get("requests"))
        .hasSize(1);
    assertThat(send("GET", "/v1/requests/" + id + "/votes", null, null).statusCode())
        .isEqualTo(405);
    HttpResponse<String> late =
        send("POST", "/v1/requests/" + id + "/votes", vote("approve", null), bearer("erin", "dba"));
    assertThat(late.statusCode()).isEqualTo(410);
  }

  @Test
  void malformedSubmissionsAreRefusedWithTheField() throws Exception {
    Map<String, Object> body = RequestCodec.submissionJson(Fixtures.ddlBy("dave"));
    body.put("sql_hash", "not-a-hash");
    HttpResponse<String> r = send("POST", "/v1/requests", body, null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat((String) json(r).get("message")).contains("sql_hash");
    body = RequestCodec.submissionJson(Fixtures.ddlBy("dave"));
    body.put("rule", "unknown-rule");
    assertThat(json(send("POST", "/v1/requests", body, null)).get("error"))
        .isEqualTo("unknown-rule");
    assertThat(send("GET", "/v1/requests/apr_" + "0".repeat(32), null, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void thePublicGrantKeyIsServedAsJwks() throws Exception {
    HttpResponse<String> r = send("GET", "/v1/keys", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Ed25519").doesNotContain("\"d\"");
  }
}
