package io.phiguard.approval.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled server: state and grant key survive a restart; dev mode is off unless asked. */
class ApprovalServerTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final HttpClient http = HttpClient.newHttpClient();

  private ServerOptions options(boolean devMode) {
    return ServerOptions.of(Fixtures.settings(), dir)
        .address(new InetSocketAddress("127.0.0.1", 0))
        .devMode(devMode)
        .clock(clock);
  }

  private HttpResponse<String> post(ApprovalServer s, String path, String body, String devApprover)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(s.baseUri().resolve(path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (devApprover != null) {
      b.header("X-PhiGuard-Dev-Approver", devApprover).header("X-PhiGuard-Dev-Groups", "dba");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, Object> get(ApprovalServer s, String path) throws Exception {
    return JSONObjectUtils.parse(
        http.send(
                HttpRequest.newBuilder(s.baseUri().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  @Test
  void aRequestApprovedBeforeARestartIsStillApprovedAndItsGrantStillRedeems() throws Exception {
    String id;
    String grant;
    try (ApprovalServer first = ApprovalServer.start(options(true))) {
      HttpResponse<String> created =
          post(
              first,
              "/v1/requests",
              JsonBodies.write(RequestCodec.submissionJson(Fixtures.ddlBy("dave"))),
              null);
      id = (String) JSONObjectUtils.parse(created.body()).get("id");
      HttpResponse<String> voted =
          post(first, "/v1/requests/" + id + "/votes", "{\"decision\":\"approve\"}", "erin");
      assertThat(voted.statusCode()).as(voted.body()).isEqualTo(200);
      grant = (String) get(first, "/v1/requests/" + id).get("grant");
    }
    try (ApprovalServer second = ApprovalServer.start(options(false))) {
      Map<String, Object> after = get(second, "/v1/requests/" + id);
      assertThat(after.get("status")).isEqualTo("approved");
      assertThat(after.get("grant")).isEqualTo(grant);
      assertThat(
              second
                  .service()
                  .redeem(grant, ApprovalService.binding(second.service().find(id).orElseThrow())))
          .isInstanceOf(Result.Ok.class);

      // dev mode is off now: the header proves nothing
      String other =
          (String)
              JSONObjectUtils.parse(
                      post(
                              second,
                              "/v1/requests",
                              JsonBodies.write(RequestCodec.submissionJson(Fixtures.ddlBy("dave"))),
                              null)
                          .body())
                  .get("id");
      assertThat(
              post(second, "/v1/requests/" + other + "/votes", "{\"decision\":\"approve\"}", "erin")
                  .statusCode())
          .isEqualTo(401);
    }
  }
}
