package io.phiguard.approval.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two approval servers over HTTP sharing one PostgreSQL database and one key file: created on one,
 * approved on the other, the grant redeemed exactly once when both are asked at the same time.
 */
class TwoServersOnPostgresTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final HttpClient http = HttpClient.newHttpClient();

  private ServerOptions options(TestDatabase db) {
    return ServerOptions.of(Fixtures.settings(), dir)
        .store(db.jdbcUrl(), db.credentials())
        .address(new InetSocketAddress("127.0.0.1", 0))
        .devMode(true)
        .clock(clock);
  }

  private HttpRequest post(ApprovalServer s, String path, String body) {
    return HttpRequest.newBuilder(s.baseUri().resolve(path))
        .header("X-PhiGuard-Dev-Approver", "erin")
        .header("X-PhiGuard-Dev-Groups", "dba")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  void createdOnOneApprovedOnTheOtherRedeemedOnce() throws Exception {
    try (TestDatabase db = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
        ApprovalServer a = ApprovalServer.start(options(db));
        ApprovalServer b = ApprovalServer.start(options(db))) {
      String submission = JsonBodies.write(RequestCodec.submissionJson(Fixtures.ddlBy("dave")));
      HttpResponse<String> created =
          http.send(post(a, "/v1/requests", submission), HttpResponse.BodyHandlers.ofString());
      String id = (String) JSONObjectUtils.parse(created.body()).get("id");
      HttpResponse<String> voted =
          http.send(
              post(b, "/v1/requests/" + id + "/votes", "{\"decision\":\"approve\"}"),
              HttpResponse.BodyHandlers.ofString());
      assertThat(voted.statusCode()).as(voted.body()).isEqualTo(200);

      Map<String, Object> onA =
          JSONObjectUtils.parse(
              http.send(
                      HttpRequest.newBuilder(a.baseUri().resolve("/v1/requests/" + id)).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      assertThat(onA.get("status")).isEqualTo("approved");

      Map<String, Object> statement = new LinkedHashMap<>();
      statement.put("request_id", id);
      statement.put("subject", "dave");
      statement.put("datasource", "postgresql://db/ehr");
      statement.put("fingerprint", "fp-2");
      statement.put("sql_hash", Fixtures.SQL_HASH);
      statement.put("params_digest", Fixtures.PARAMS);
      Map<String, Object> redeem = new LinkedHashMap<>();
      redeem.put("grant", onA.get("grant"));
      redeem.put("statement", statement);
      String body = JSONObjectUtils.toJSONString(redeem);
      CompletableFuture<HttpResponse<String>> viaA =
          http.sendAsync(post(a, "/v1/grants/redeem", body), HttpResponse.BodyHandlers.ofString());
      CompletableFuture<HttpResponse<String>> viaB =
          http.sendAsync(post(b, "/v1/grants/redeem", body), HttpResponse.BodyHandlers.ofString());
      List<Integer> statuses = List.of(viaA.get().statusCode(), viaB.get().statusCode());
      assertThat(statuses).containsExactlyInAnyOrder(200, 409);
    }
  }
}
