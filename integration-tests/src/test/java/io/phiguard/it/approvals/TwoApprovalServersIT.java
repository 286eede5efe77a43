package io.phiguard.it.approvals;

import static io.phiguard.it.approvals.ApprovalRig.CTAS;
import static io.phiguard.it.approvals.ApprovalRig.completes;
import static io.phiguard.it.approvals.ApprovalRig.failure;
import static io.phiguard.it.approvals.ApprovalRig.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.phiguard.approval.server.ApprovalServer;
import io.phiguard.approval.server.ApprovalSettings;
import io.phiguard.approval.server.RuleSpec;
import io.phiguard.approval.server.ServerOptions;
import io.phiguard.driver.PhiGuardErrors;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two approval-server instances on one PostgreSQL store with one grant key file: the driver asks
 * and waits on instance A while approvers decide on instance B.
 */
class TwoApprovalServersIT {
  private static final String SHARED_KEY = "grant-key.pem";

  @TempDir Path dir;

  private final ApprovalsIT.MovableClock clock = new ApprovalsIT.MovableClock(Instant.now());
  private ApprovalRig rig;
  private TestDatabase store;
  private ApprovalServer a;
  private ApprovalServer b;

  @BeforeEach
  void start() throws Exception {
    rig = ApprovalRig.create(dir);
    store = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
    // one after the other: A writes the key file and creates the table, B finds both
    a = startServer("a", SHARED_KEY);
    b = startServer("b", SHARED_KEY);
  }

  @AfterEach
  void stop() throws Exception {
    for (ApprovalServer s : new ApprovalServer[] {a, b}) {
      if (s != null) {
        s.close();
      }
    }
    rig.close();
    store.close();
  }

  private ApprovalServer startServer(String name, String keyFile) throws IOException {
    ApprovalSettings settings =
        ApprovalSettings.of(
            List.of(new RuleSpec("bulk-export", 2, Set.of("security", "dba"))),
            URI.create("http://127.0.0.1/console"));
    return ApprovalServer.start(
        ServerOptions.of(settings, dir.resolve("server-" + name))
            .store(store.jdbcUrl(), store.credentials())
            .keyFile(dir.resolve(keyFile))
            .address(new InetSocketAddress("127.0.0.1", 0))
            .devMode(true)
            .clock(clock));
  }

  @Test
  void aCallWaitingOnOneInstanceRunsWhenTheOtherApprovesAndItsGrantIsRedeemedOnce()
      throws Exception {
    Future<Object> blocked =
        rig.execute(rig.open("block", a.baseUri(), "report-bot", "alice"), CTAS);
    // asked on A, seen on B: one store
    String id = rig.pendingRequest(b.baseUri());
    assertThat(rig.pendingRequest(a.baseUri())).isEqualTo(id);

    assertThat(rig.approve(b.baseUri(), id, "bob", "security").statusCode()).isEqualTo(200);
    assertThat(rig.request(a.baseUri(), id))
        .containsEntry("status", "pending")
        .containsEntry("approvals", 1L);
    assertThat(blocked.isDone()).isFalse();
    HttpResponse<String> approved = rig.approve(b.baseUri(), id, "carol", "dba");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    Map<String, Object> onB = json(approved);
    assertThat(onB).containsEntry("status", "approved");

    completes(blocked);
    assertThat(rig.exported()).containsExactly("*******0001");
    // the driver redeemed on A; B reads the same redemption
    assertThat(rig.request(b.baseUri(), id)).containsEntry("status", "redeemed");
    assertThat(rig.journal("block"))
        .contains("\"approval_id\":\"" + id + "\"")
        .contains("\"approvers\":[\"bob\",\"carol\"]");

    // the same grant for the same statement, presented again at B: refused, used once
    HttpResponse<String> again =
        rig.post(b.baseUri(), "/v1/grants/redeem", "mallory", "security", redemption(onB));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    Map<String, Object> refusal = json(again);
    assertThat(refusal).containsEntry("error", "grant-redeemed");
    assertThat((String) refusal.get("message")).contains(id).contains("bulk-export");
    assertThat(rig.request(a.baseUri(), id)).containsEntry("status", "redeemed");
  }

  @Test
  void aDenialOnTheOtherInstanceEndsTheWaitWithPh002() throws Exception {
    Future<Object> blocked =
        rig.execute(rig.open("block", a.baseUri(), "report-bot", "alice"), CTAS);
    String id = rig.pendingRequest(b.baseUri());
    HttpResponse<String> denied =
        rig.post(
            b.baseUri(),
            "/v1/requests/" + id + "/votes",
            "carol",
            "dba",
            "{\"decision\":\"deny\",\"reason\":\"not without a ticket\"}");
    assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);

    SQLException refused = failure(blocked);
    assertThat(refused.getSQLState()).isEqualTo("PH002");
    assertThat(((PhiGuardErrors.ApprovalDetails) refused).requestId()).isEqualTo(id);
    assertThat(refused.getMessage())
        .contains(id)
        .contains("bulk-export")
        .contains("not without a ticket");
    assertThat(rig.exportRan()).isFalse();
  }

  @Test
  void oneApproverVotingOnBothInstancesAtOnceCountsOnce() throws Exception {
    Future<Object> blocked =
        rig.execute(rig.open("block", a.baseUri(), "report-bot", "alice"), CTAS);
    String id = rig.pendingRequest(a.baseUri());

    List<HttpResponse<String>> answers =
        rig.atOnce(
            List.of(
                () -> rig.approve(a.baseUri(), id, "bob", "security"),
                () -> rig.approve(b.baseUri(), id, "bob", "dba")));
    assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 409);
    HttpResponse<String> second =
        answers.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
    assertThat(json(second)).containsEntry("error", "already-voted");
    assertThat((String) json(second).get("message")).contains(id).contains("bulk-export");
    assertThat(rig.request(b.baseUri(), id))
        .containsEntry("status", "pending")
        .containsEntry("approvals", 1L);
    assertThat(blocked.isDone()).isFalse();
    assertThat(rig.exportRan()).isFalse();

    assertThat(rig.approve(a.baseUri(), id, "carol", "dba").statusCode()).isEqualTo(200);
    completes(blocked);
    assertThat(rig.exported()).containsExactly("*******0001");
  }

  @Test
  void twoApproversVotingOnBothInstancesAtOnceBothCount() throws Exception {
    Future<Object> blocked =
        rig.execute(rig.open("block", a.baseUri(), "report-bot", "alice"), CTAS);
    String id = rig.pendingRequest(a.baseUri());

    // the store's version column: neither vote overwrites the other
    List<HttpResponse<String>> answers =
        rig.atOnce(
            List.of(
                () -> rig.approve(a.baseUri(), id, "bob", "security"),
                () -> rig.approve(b.baseUri(), id, "carol", "dba")));
    assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(200, 200);
    completes(blocked);
    assertThat(rig.exported()).containsExactly("*******0001");
    assertThat(rig.request(b.baseUri(), id))
        .containsEntry("status", "redeemed")
        .containsEntry("approvals", 2L);
  }

  @Test
  void anInstanceWithAnotherGrantKeyCannotReleaseTheCallPh005() throws Exception {
    // misconfigured: same store, but a key file of its own
    try (ApprovalServer stray = startServer("stray", "stray-key.pem")) {
      Future<Object> blocked =
          rig.execute(rig.open("block", a.baseUri(), "report-bot", "alice"), CTAS);
      String id = rig.pendingRequest(stray.baseUri());
      assertThat(rig.approve(stray.baseUri(), id, "bob", "security").statusCode()).isEqualTo(200);
      assertThat(rig.approve(stray.baseUri(), id, "carol", "dba").statusCode()).isEqualTo(200);

      // the driver checks the grant against A's keys: refused, never run, never redeemed
      SQLException refused = failure(blocked);
      assertThat(refused.getSQLState()).isEqualTo("PH005");
      assertThat(((PhiGuardErrors.ApprovalDetails) refused).requestId()).isEqualTo(id);
      assertThat(refused.getMessage()).contains(id).contains("bulk-export").contains("signature");
      assertThat(rig.exportRan()).isFalse();
      assertThat(rig.request(a.baseUri(), id)).containsEntry("status", "approved");
    }
  }

  /** {@code POST /v1/grants/redeem}'s body for the grant and statement of approved request. */
  private static String redemption(Map<String, Object> approved) {
    Map<?, ?> requester = (Map<?, ?>) approved.get("requester");
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("request_id", approved.get("id"));
    statement.put("subject", requester.get("subject"));
    for (String field : List.of("datasource", "fingerprint", "sql_hash", "params_digest")) {
      statement.put(field, approved.get(field));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("grant", approved.get("grant"));
    body.put("statement", statement);
    return JSONObjectUtils.toJSONString(body);
  }
}
