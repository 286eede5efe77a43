package io.phiguard.approval.server;

import static io.phiguard.approval.server.Fixtures.approver;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Long-polls wake on local and remote changes; expiry is recorded by the next state change. */
class ApprovalServiceTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final ServerKeys keys = ServerKeys.ephemeral();
  private JdbcApprovalStore storeA;
  private JdbcApprovalStore storeB;
  private ApprovalService a;
  private ApprovalService b;

  @BeforeEach
  void open() {
    String url = "jdbc:h2:file:" + dir.resolve("approvals").toAbsolutePath();
    storeA = JdbcApprovalStore.open(url, new Properties());
    storeB = JdbcApprovalStore.open(url, new Properties());
    a = new ApprovalService(storeA, Fixtures.settings(), keys, ApprovalEvents.NONE, clock);
    b = new ApprovalService(storeB, Fixtures.settings(), keys, ApprovalEvents.NONE, clock);
  }

  @AfterEach
  void close() {
    storeA.close();
    storeB.close();
  }

  private CompletableFuture<Optional<ApprovalRequest>> awaitInBackground(
      ApprovalService on, ApprovalRequest r) {
    CompletableFuture<Optional<ApprovalRequest>> f = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                f.complete(on.await(r.id(), r.version(), Duration.ofSeconds(30)));
              } catch (Throwable e) {
                f.completeExceptionally(e);
              }
            });
    t.start();
    // wait until the poll is parked, so the vote below really happens during the wait
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (t.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(t.getState()).isEqualTo(Thread.State.TIMED_WAITING);
    return f;
  }

  @Test
  void aLongPollReturnsWhenAVoteIsStoredOnThisInstance() throws Exception {
    ApprovalRequest r = a.create(Fixtures.agentExport()).orThrow();
    CompletableFuture<Optional<ApprovalRequest>> poll = awaitInBackground(a, r);
    a.vote(r.id(), approver("erin", "dba"), Decision.APPROVE, null).orThrow();
    ApprovalRequest seen = poll.get(3, TimeUnit.SECONDS).orElseThrow();
    assertThat(seen.version()).isEqualTo(r.version() + 1);
    assertThat(seen.approvals()).isEqualTo(1);
  }

  @Test
  void aLongPollSeesADecisionMadeOnAnotherInstance() throws Exception {
    ApprovalRequest r = a.create(Fixtures.ddlBy("dave")).orThrow();
    CompletableFuture<Optional<ApprovalRequest>> poll = awaitInBackground(a, r);
    b.vote(r.id(), approver("erin", "dba"), Decision.APPROVE, null).orThrow();
    assertThat(poll.get(3, TimeUnit.SECONDS).orElseThrow().status())
        .isEqualTo(RequestStatus.APPROVED);
  }

  @Test
  void aLongPollOnAnUnchangedRequestReturnsItAfterTheWait() throws Exception {
    ApprovalRequest r = a.create(Fixtures.ddlBy("dave")).orThrow();
    long started = System.nanoTime();
    ApprovalRequest same = a.await(r.id(), r.version(), Duration.ofMillis(300)).orElseThrow();
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(290));
    assertThat(same.version()).isEqualTo(r.version());
    assertThat(a.await("apr_" + "0".repeat(32), 0, Duration.ofSeconds(5))).isEmpty();
  }

  @Test
  void aDecidedRequestIsReturnedAtOnce() throws Exception {
    ApprovalRequest r = a.create(Fixtures.ddlBy("dave")).orThrow();
    ApprovalRequest approved =
        a.vote(r.id(), approver("erin", "dba"), Decision.APPROVE, null).orThrow();
    assertThat(a.await(r.id(), approved.version(), Duration.ofSeconds(30)).orElseThrow().status())
        .isEqualTo(RequestStatus.APPROVED);
  }

  @Test
  void aVoteOnAnExpiredRequestRecordsTheExpiry() {
    ApprovalRequest r = a.create(Fixtures.ddlBy("dave")).orThrow();
    clock.advance(Duration.ofMinutes(15));
    Result<ApprovalRequest> late = a.vote(r.id(), approver("erin", "dba"), Decision.APPROVE, null);
    assertThat(((Result.Refused<ApprovalRequest>) late).refusal().kind())
        .isEqualTo(Refusal.Kind.EXPIRED);
    assertThat(storeA.find(r.id()).orElseThrow().status()).isEqualTo(RequestStatus.EXPIRED);
  }

  @Test
  void theSweepRecordsExpiredRequestsAndGrantsOnceAndLeavesOthers() {
    ApprovalRequest stale = a.create(Fixtures.ddlBy("dave")).orThrow();
    ApprovalRequest approved = a.create(Fixtures.ddlBy("dave")).orThrow();
    a.vote(approved.id(), approver("erin", "dba"), Decision.APPROVE, null).orThrow();
    clock.advance(Duration.ofMinutes(11));
    ApprovalRequest fresh = a.create(Fixtures.ddlBy("dave")).orThrow();
    // the grant (10 min) ran out; the first request (15 min) has 4 minutes left
    assertThat(a.expireDue(100)).isEqualTo(1);
    assertThat(storeA.find(approved.id()).orElseThrow().status()).isEqualTo(RequestStatus.EXPIRED);
    clock.advance(Duration.ofMinutes(4));
    assertThat(a.expireDue(100)).isEqualTo(1);
    assertThat(storeA.find(stale.id()).orElseThrow().status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(storeA.find(fresh.id()).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
    assertThat(a.expireDue(100)).isZero();
  }
}
