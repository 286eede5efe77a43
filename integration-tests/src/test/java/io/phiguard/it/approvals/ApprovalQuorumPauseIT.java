package io.phiguard.it.approvals;

import static io.phiguard.it.approvals.ApprovalRig.CTAS;
import static io.phiguard.it.approvals.ApprovalRig.completes;
import static io.phiguard.it.approvals.ApprovalRig.failure;
import static io.phiguard.it.approvals.ApprovalRig.json;
import static io.phiguard.it.approvals.ApprovalRig.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phiguard.approval.server.ApprovalServer;
import io.phiguard.approval.server.ApprovalSettings;
import io.phiguard.approval.server.RuleSpec;
import io.phiguard.approval.server.ServerOptions;
import io.phiguard.driver.PhiGuardErrors;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approval rules end to end through the driver on PostgreSQL, with an in-process approval
 * server whose rule {@code bulk-export} needs two approvers from {@code security} or {@code dba}:
 * the requester may not approve itself, one approver counts once, a denial ends the wait, and a
 * paused request outlives its original deadline.
 */
class ApprovalQuorumPauseIT {
  private static final Duration REQUEST_TTL = Duration.ofMinutes(10);

  @TempDir Path dir;

  private final ApprovalsIT.MovableClock clock = new ApprovalsIT.MovableClock(Instant.now());
  private ApprovalRig rig;
  private ApprovalServer server;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    rig = ApprovalRig.create(dir);
    ApprovalSettings settings =
        ApprovalSettings.of(
                List.of(new RuleSpec("bulk-export", 2, Set.of("security", "dba"))),
                URI.create("http://127.0.0.1/console"))
            .withTtls(REQUEST_TTL, null);
    server =
        ApprovalServer.start(
            ServerOptions.of(settings, dir.resolve("server"))
                .address(new InetSocketAddress("127.0.0.1", 0))
                .devMode(true)
                .clock(clock));
    base = server.baseUri();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    rig.close();
  }

  private Connection agent(String mode) throws Exception {
    return rig.open(mode, base, "report-bot", "alice");
  }

  @Test
  void theRequestingAgentMayNotApproveItsOwnStatementAndItsVoteNeverCounts() throws Exception {
    Future<Object> blocked = rig.execute(agent("block"), CTAS);
    String id = rig.pendingRequest(base);

    // the agent itself, in an approver group, under any spelling of its name
    for (String self : List.of("report-bot", "Report-Bot", " REPORT-BOT ")) {
      HttpResponse<String> refused = rig.approve(base, id, self, "security");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
      assertRefusal(refused, "self-approval", id);
    }
    Map<String, Object> request = rig.request(base, id);
    assertThat(request.get("status")).isEqualTo("pending");
    assertThat((List<?>) request.get("votes")).isEmpty();
    assertThat(blocked.isDone()).isFalse();
    assertThat(rig.exportRan()).isFalse();

    // had the agent's vote counted, this one would reach quorum 2
    assertThat(rig.approve(base, id, "bob", "security").statusCode()).isEqualTo(200);
    assertThat(rig.request(base, id)).containsEntry("status", "pending");
    assertThat(rig.exportRan()).isFalse();

    assertThat(rig.approve(base, id, "carol", "dba").statusCode()).isEqualTo(200);
    completes(blocked);
    assertThat(rig.exported()).containsExactly("*******0001");
  }

  @Test
  void aServiceIdentityMayNotApproveItsOwnStatement() throws Exception {
    // no agent, no one on whose behalf: the subject alone is the requester
    Connection service = rig.open("fail-fast", base, "etl-svc", null);
    SQLException pending = catchThrowableOfType(() -> run(service, CTAS), SQLException.class);
    assertThat(pending.getSQLState()).isEqualTo("PH001");
    String id = ((PhiGuardErrors.ApprovalDetails) pending).requestId();
    assertThat(pending.getMessage()).contains(id).contains("bulk-export");

    HttpResponse<String> refused = rig.approve(base, id, "etl-svc", "dba");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertRefusal(refused, "self-approval", id);
    assertThat(rig.request(base, id)).containsEntry("status", "pending");

    SQLException still = catchThrowableOfType(() -> run(service, CTAS), SQLException.class);
    assertThat(still.getSQLState()).isEqualTo("PH001");
    assertThat(((PhiGuardErrors.ApprovalDetails) still).requestId()).isEqualTo(id);
    assertThat(still.getMessage()).contains(id).contains("bulk-export");
    assertThat(rig.exportRan()).isFalse();
  }

  @Test
  void quorumTwoNeedsTwoDifferentApproversThenTheBlockedCallRuns() throws Exception {
    Future<Object> blocked = rig.execute(agent("block"), CTAS);
    String id = rig.pendingRequest(base);

    assertThat(rig.approve(base, id, "bob", "security").statusCode()).isEqualTo(200);
    // the same approver again, in the other group, or spelled otherwise: counted once
    for (String[] again :
        List.of(
            new String[] {"bob", "security"},
            new String[] {"bob", "dba"},
            new String[] {"BOB", "security"})) {
      HttpResponse<String> refused = rig.approve(base, id, again[0], again[1]);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
      assertRefusal(refused, "already-voted", id);
    }
    Map<String, Object> request = rig.request(base, id);
    assertThat(request)
        .containsEntry("status", "pending")
        .containsEntry("quorum", 2L)
        .containsEntry("approvals", 1L);
    assertThat((List<?>) request.get("votes")).hasSize(1);
    assertThat(blocked.isDone()).isFalse();
    assertThat(rig.exportRan()).isFalse();

    HttpResponse<String> second = rig.approve(base, id, "carol", "dba");
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(json(second)).containsEntry("status", "approved").containsEntry("approvals", 2L);
    completes(blocked);
    assertThat(rig.exported()).containsExactly("*******0001");
    assertThat(rig.request(base, id)).containsEntry("status", "redeemed");
    assertThat(rig.journal("block"))
        .contains("\"approval_id\":\"" + id + "\"")
        .contains("\"approvers\":[\"bob\",\"carol\"]")
        .doesNotContain("900-11-0001");
  }

  @Test
  void aDenialByEitherApproverEndsTheWaitWithPh002() throws Exception {
    Connection c = agent("block");

    // a denial after another approver's yes
    Future<Object> first = rig.execute(c, CTAS);
    String id = rig.pendingRequest(base);
    assertThat(rig.approve(base, id, "bob", "security").statusCode()).isEqualTo(200);
    HttpResponse<String> denied =
        rig.post(
            base,
            "/v1/requests/" + id + "/votes",
            "carol",
            "dba",
            "{\"decision\":\"deny\",\"reason\":\"no ticket for this export\"}");
    assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
    assertDenied(failure(first), id, "no ticket for this export");

    // a denial as the first vote
    Future<Object> second = rig.execute(c, CTAS);
    String next = rig.pendingRequest(base);
    assertThat(next).isNotEqualTo(id);
    // a denial needs a reason: refused without one, and the call keeps waiting
    HttpResponse<String> bare =
        rig.post(
            base, "/v1/requests/" + next + "/votes", "bob", "security", "{\"decision\":\"deny\"}");
    assertThat(bare.statusCode()).as(bare.body()).isEqualTo(422);
    assertRefusal(bare, "reason-required", next);
    assertThat(second.isDone()).isFalse();
    assertThat(
            rig.post(
                    base,
                    "/v1/requests/" + next + "/votes",
                    "bob",
                    "security",
                    "{\"decision\":\"deny\",\"reason\":\"use the de-identified view\"}")
                .statusCode())
        .isEqualTo(200);
    assertDenied(failure(second), next, "use the de-identified view");
    // a decided request takes no more votes
    HttpResponse<String> late = rig.approve(base, next, "carol", "dba");
    assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
    assertRefusal(late, "not-pending", next);
    assertThat(rig.exportRan()).isFalse();
  }

  @Test
  void aPausedRequestKeepsTheBlockedCallWaitingPastItsOriginalDeadline() throws Exception {
    try (DriverTraffic traffic = DriverTraffic.inFrontOf(base)) {
      pausedPastItsDeadline(traffic);
    }
  }

  private void pausedPastItsDeadline(DriverTraffic traffic) throws Exception {
    Future<Object> blocked =
        rig.execute(rig.open("block", traffic.uri(), "report-bot", "alice"), CTAS);
    String id = rig.pendingRequest(base);
    Instant originalDeadline = Instant.parse((String) rig.request(base, id).get("expires_at"));
    assertThat(rig.approve(base, id, "bob", "security").statusCode()).isEqualTo(200);

    // a pause needs a reason
    HttpResponse<String> bare =
        rig.post(base, "/v1/requests/" + id + "/pause", "carol", "dba", "{}");
    assertThat(bare.statusCode()).as(bare.body()).isEqualTo(422);
    assertRefusal(bare, "reason-required", id);
    HttpResponse<String> paused =
        rig.post(
            base,
            "/v1/requests/" + id + "/pause",
            "carol",
            "dba",
            "{\"reason\":\"which quarter is this for?\"}");
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);

    // what the requester's side reads: paused, by whom, why
    assertThat(rig.request(base, id))
        .containsEntry("status", "paused")
        .containsEntry("paused_by", "carol")
        .containsEntry("pause_reason", "which quarter is this for?");
    // the driver was told, and went on waiting: it asked again after hearing of the pause
    traffic.awaitAskedAgainAfter(
        answer ->
            answer.contains("\"status\":\"paused\"")
                && answer.contains("which quarter is this for?"),
        ApprovalRig.PATIENCE);
    assertThat(blocked.isDone()).isFalse();
    // nobody votes on a held request
    HttpResponse<String> held = rig.approve(base, id, "dave", "dba");
    assertThat(held.statusCode()).as(held.body()).isEqualTo(409);
    assertRefusal(held, "not-pending", id);
    assertThat(json(held).get("message")).asString().contains("paused");

    clock.advance(REQUEST_TTL.plusMinutes(5));
    assertThat(clock.instant()).isAfter(originalDeadline);
    assertThat(rig.request(base, id)).containsEntry("status", "paused");
    // the server's own expiry sweep leaves it alone too
    assertThat(server.service().expireDue(100)).isZero();
    assertThat(rig.request(base, id)).containsEntry("status", "paused");
    assertThat(blocked.isDone()).isFalse();
    assertThat(rig.exportRan()).isFalse();

    // the requester cannot release its own request
    HttpResponse<String> byRequester =
        rig.post(base, "/v1/requests/" + id + "/resume", "report-bot", "dba", "");
    assertThat(byRequester.statusCode()).as(byRequester.body()).isEqualTo(403);
    assertRefusal(byRequester, "self-approval", id);
    assertThat(rig.request(base, id)).containsEntry("status", "paused");

    HttpResponse<String> resumed =
        rig.post(base, "/v1/requests/" + id + "/resume", "carol", "dba", "");
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    Map<String, Object> pending = json(resumed);
    assertThat(pending).containsEntry("status", "pending").containsEntry("approvals", 1L);
    // paused the moment it was asked (the clock stood still until then): the whole TTL again
    assertThat(Instant.parse((String) pending.get("expires_at")))
        .isEqualTo(clock.instant().plus(REQUEST_TTL));
    assertThat(blocked.isDone()).isFalse();

    assertThat(rig.approve(base, id, "dave", "dba").statusCode()).isEqualTo(200);
    completes(blocked);
    assertThat(rig.exported()).containsExactly("*******0001");
    assertThat(rig.request(base, id)).containsEntry("status", "redeemed");
  }

  @Test
  void failFastSeesAPausedRequestAsStillOpenNotExpired() throws Exception {
    Connection c = agent("fail-fast");
    SQLException first = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    assertThat(first.getSQLState()).isEqualTo("PH001");
    String id = ((PhiGuardErrors.ApprovalDetails) first).requestId();
    assertThat(first.getMessage()).contains(id).contains("bulk-export");
    assertThat(
            rig.post(
                    base,
                    "/v1/requests/" + id + "/pause",
                    "carol",
                    "dba",
                    "{\"reason\":\"which quarter is this for?\"}")
                .statusCode())
        .isEqualTo(200);
    clock.advance(REQUEST_TTL.plusMinutes(5));

    SQLException whilePaused = catchThrowableOfType(() -> run(c, CTAS), SQLException.class);
    System.out.println("fail-fast retry of a paused request: " + whilePaused.getMessage());
    assertThat((Throwable) whilePaused).isInstanceOf(SQLTransientException.class);
    // PH001 (still open), not PH003 (expired): the same request, never run
    assertThat(whilePaused.getSQLState()).isEqualTo("PH001");
    assertThat(((PhiGuardErrors.ApprovalDetails) whilePaused).requestId()).isEqualTo(id);
    assertThat(whilePaused.getMessage()).contains(id).contains("bulk-export");
    // the requester sees that it is paused, by whom, and what the approver asks
    assertThat(whilePaused.getMessage())
        .contains("is paused by carol")
        .contains("which quarter is this for?")
        .contains("neither runs nor expires");
    assertThat(rig.exportRan()).isFalse();

    assertThat(rig.post(base, "/v1/requests/" + id + "/resume", "carol", "dba", "").statusCode())
        .isEqualTo(200);
    assertThat(rig.approve(base, id, "bob", "security").statusCode()).isEqualTo(200);
    assertThat(rig.approve(base, id, "carol", "dba").statusCode()).isEqualTo(200);
    run(c, CTAS);
    assertThat(rig.exported()).containsExactly("*******0001");
  }

  private static void assertDenied(SQLException denied, String id, String reason) {
    assertThat((Throwable) denied).isInstanceOf(PhiGuardErrors.ApprovalRefused.class);
    assertThat(denied.getSQLState()).isEqualTo("PH002");
    assertThat(((PhiGuardErrors.ApprovalDetails) denied).requestId()).isEqualTo(id);
    assertThat(denied.getMessage()).contains(id).contains("bulk-export").contains(reason);
  }

  /** The server's refusal: its code, and a message naming the rule and the request. */
  private static void assertRefusal(HttpResponse<String> refused, String code, String id)
      throws Exception {
    Map<String, Object> body = json(refused);
    assertThat(body).containsEntry("error", code);
    assertThat((String) body.get("message")).contains(id).contains("bulk-export");
  }
}
