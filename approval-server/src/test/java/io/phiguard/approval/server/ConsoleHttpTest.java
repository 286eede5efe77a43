package io.phiguard.approval.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console over real HTTP: OIDC login (authorization code + PKCE against the in-process
 * provider, dev mode off), votes through forms, CSRF, escaping, headers.
 */
class ConsoleHttpTest {
  @TempDir Path dir;
  private ConsoleFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new ConsoleFixture(dir);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private String create(NewRequest request) {
    return f.server.service().create(request).orThrow().id();
  }

  private RequestStatus status(String id) {
    return f.server.service().find(id).orElseThrow().effectiveStatus(f.clock.instant());
  }

  @Test
  void signedInApproverApprovesThroughTheForm() throws Exception {
    String id = create(Fixtures.ddlBy("bob"));
    f.idp.user("alice", "dba");

    HttpResponse<String> signedIn = f.login();
    assertThat(signedIn.statusCode()).isEqualTo(200);
    assertThat(signedIn.body()).contains("signed in as <b id=\"approver\">alice</b>");
    assertThat(signedIn.headers().allValues("Set-Cookie"))
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith(ConsoleHandler.SESSION_COOKIE + "=")
                    .contains("HttpOnly", "SameSite=Strict"));
    assertThat(f.idp.tokensIssued.get()).isEqualTo(1);
    assertThat(f.idp.pkceFailures.get()).isZero();

    HttpResponse<String> list = f.get(f.console("/console/"));
    assertThat(list.body()).contains(id);
    HttpResponse<String> detail = f.get(f.console("/console/requests/" + id));
    assertThat(detail.body()).contains("DROP TABLE visits", "bob", "schema-change");

    HttpResponse<String> vote =
        f.post(
            "/console/requests/" + id + "/approve",
            "csrf=" + ConsoleFixture.csrf(detail.body()) + "&reason=checked");
    assertThat(vote.statusCode()).isEqualTo(303);
    assertThat(status(id)).isEqualTo(RequestStatus.APPROVED);
    ApprovalRequest r = f.server.service().find(id).orElseThrow();
    assertThat(r.votes())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.subject()).isEqualTo("alice");
              assertThat(v.channel()).isEqualTo("console");
            });
    assertThat(f.follow(f.console("/console/history")).body()).contains(id);
  }

  @Test
  void postWithoutOrWithAWrongCsrfTokenIsForbiddenAndChangesNothing() throws Exception {
    String id = create(Fixtures.ddlBy("bob"));
    f.idp.user("alice", "dba");
    f.login();
    String token = ConsoleFixture.csrf(f.get(f.console("/console/requests/" + id)).body());

    assertThat(f.post("/console/requests/" + id + "/approve", "reason=x").statusCode())
        .isEqualTo(403);
    assertThat(
            f.post("/console/requests/" + id + "/approve", "csrf=" + token + "x&reason=x")
                .statusCode())
        .isEqualTo(403);
    assertThat(f.post("/console/requests/" + id + "/deny", "csrf=&reason=x").statusCode())
        .isEqualTo(403);
    assertThat(status(id)).isEqualTo(RequestStatus.PENDING);

    // the token of one session is worthless in another
    f.http
        .cookieHandler()
        .ifPresent(h -> ((java.net.CookieManager) h).getCookieStore().removeAll());
    f.login();
    assertThat(f.post("/console/requests/" + id + "/approve", "csrf=" + token).statusCode())
        .isEqualTo(403);
    assertThat(status(id)).isEqualTo(RequestStatus.PENDING);
  }

  @Test
  void aFormPostedFromAnotherOriginIsForbiddenEvenWithTheToken() throws Exception {
    String id = create(Fixtures.ddlBy("bob"));
    f.idp.user("alice", "dba");
    f.login();
    String token = ConsoleFixture.csrf(f.get(f.console("/console/requests/" + id)).body());
    HttpResponse<String> r =
        f.http.send(
            java.net.http.HttpRequest.newBuilder(f.console("/console/requests/" + id + "/approve"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://evil.example")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf=" + token))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(status(id)).isEqualTo(RequestStatus.PENDING);
  }

  @Test
  void noGetChangesState() throws Exception {
    String id = create(Fixtures.ddlBy("bob"));
    f.idp.user("alice", "dba");
    f.login();
    for (String action : List.of("approve", "deny", "pause", "resume")) {
      assertThat(f.get(f.console("/console/requests/" + id + "/" + action)).statusCode())
          .isEqualTo(404);
    }
    assertThat(status(id)).isEqualTo(RequestStatus.PENDING);
  }

  @Test
  void attackerChosenTextIsEscapedEverywhere() throws Exception {
    String sql =
        "SELECT '<script>alert(1)</script>' FROM t WHERE x = '\"><img src=x onerror=alert(2)>'";
    NewRequest evil =
        new NewRequest(
            new Requester(
                "<b>mallory</b>", PrincipalKind.AGENT, Set.of(), List.of("\"><i>carol"), false),
            "postgresql://db/ehr",
            sql,
            "fp-<x>",
            Fixtures.SQL_HASH,
            Fixtures.PARAMS,
            List.of("patients<script>"),
            List.of(),
            null,
            "schema-change",
            "<img src=x onerror=alert(3)>");
    String id = create(evil);
    f.idp.user("alice", "dba");
    f.login();
    String list = f.get(f.console("/console/")).body();
    String detail = f.get(f.console("/console/requests/" + id)).body();
    for (String page : List.of(list, detail)) {
      assertThat(page)
          .doesNotContain("<script>", "<img", "<b>mallory", "<i>carol", "\"><i>", "\"><img")
          .contains("&lt;b&gt;mallory&lt;/b&gt;");
    }
    assertThat(detail)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;")
        .contains("&lt;img src=x onerror=alert(3)&gt;");
  }

  @Test
  void pagesForbidScriptAndFraming() throws Exception {
    HttpResponse<String> r = f.get(f.console("/console/"));
    assertThat(r.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            v ->
                assertThat(v)
                    .contains("default-src 'none'", "frame-ancestors 'none'")
                    .doesNotContain("script-src"));
    assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    // signed out: a sign-in link and nothing about requests
    create(Fixtures.ddlBy("bob"));
    assertThat(r.body()).contains("id=\"login\"").doesNotContain("apr_");
  }

  @Test
  void selfApprovalIsRefusedInTheConsoleToo() throws Exception {
    String id = create(Fixtures.agentExport()); // report-bot acting for carol
    f.idp.user("carol", "dba", "security");
    f.login();
    String token = ConsoleFixture.csrf(f.get(f.console("/console/requests/" + id)).body());
    HttpResponse<String> r = f.post("/console/requests/" + id + "/approve", "csrf=" + token);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("self-approval");
    assertThat(status(id)).isEqualTo(RequestStatus.PENDING);
  }

  @Test
  void denyNeedsAReasonAndPauseShowsIt() throws Exception {
    String id = create(Fixtures.ddlBy("bob"));
    f.idp.user("alice", "dba");
    f.login();
    String token = ConsoleFixture.csrf(f.get(f.console("/console/requests/" + id)).body());
    assertThat(
            f.post("/console/requests/" + id + "/deny", "csrf=" + token + "&reason=").statusCode())
        .isEqualTo(422);
    assertThat(
            f.post(
                    "/console/requests/" + id + "/pause",
                    "csrf=" + token + "&reason=which+ticket%3F")
                .statusCode())
        .isEqualTo(303);
    assertThat(f.get(f.console("/console/requests/" + id)).body())
        .contains("id=\"pause-reason\">which ticket?<", "id=\"resume\"");
    assertThat(f.post("/console/requests/" + id + "/resume", "csrf=" + token).statusCode())
        .isEqualTo(303);
    assertThat(
            f.post("/console/requests/" + id + "/deny", "csrf=" + token + "&reason=no+ticket")
                .statusCode())
        .isEqualTo(303);
    assertThat(status(id)).isEqualTo(RequestStatus.DENIED);
  }

  @Test
  void anIdTokenWithAnotherNonceSignsNobodyIn() throws Exception {
    f.idp.nonceOverride("replayed-nonce");
    HttpResponse<String> r = f.login();
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("ID token is refused");
    assertThat(r.headers().allValues("Set-Cookie"))
        .noneMatch(
            c -> c.startsWith(ConsoleHandler.SESSION_COOKIE + "=") && !c.contains("Max-Age=0"));
    assertThat(f.get(f.console("/console/")).body()).contains("id=\"login\"");
  }

  @Test
  void aCallbackWithAnUnknownStateOrFromAnotherBrowserIsRefused() throws Exception {
    assertThat(f.get(f.console("/console/callback?code=abc&state=forged")).statusCode())
        .isEqualTo(400);
    // a login begun here, finished without this browser's login cookie (login CSRF)
    HttpResponse<String> begin = f.get(f.console("/console/login"));
    HttpResponse<String> atIdp =
        f.get(java.net.URI.create(begin.headers().firstValue("Location").orElseThrow()));
    String callback = atIdp.headers().firstValue("Location").orElseThrow();
    f.http
        .cookieHandler()
        .ifPresent(h -> ((java.net.CookieManager) h).getCookieStore().removeAll());
    assertThat(f.get(java.net.URI.create(callback)).statusCode()).isEqualTo(400);
    assertThat(f.idp.tokensIssued.get()).isZero();
  }

  @Test
  void pkceChallengeIsS256() {
    // RFC 7636, appendix B
    assertThat(OidcLogin.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }
}
