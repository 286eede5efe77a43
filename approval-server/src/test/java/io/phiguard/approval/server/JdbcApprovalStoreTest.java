package io.phiguard.approval.server;

import static io.phiguard.approval.server.Fixtures.approver;
import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcApprovalStoreTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final ServerKeys keys = ServerKeys.ephemeral();

  private ApprovalService service(ApprovalStore store) {
    return new ApprovalService(store, Fixtures.settings(), keys, ApprovalEvents.NONE, clock);
  }

  @Test
  void anH2FileStoreKeepsRequestsVotesAndPausesAcrossARestart() {
    String url = "jdbc:h2:file:" + dir.resolve("approvals").toAbsolutePath();
    String id;
    try (JdbcApprovalStore store = JdbcApprovalStore.open(url, new Properties())) {
      ApprovalService s = service(store);
      id = s.create(Fixtures.agentExport()).orThrow().id();
      s.vote(id, approver("erin", "dba"), Decision.APPROVE, "ok").orThrow();
      s.pause(id, approver("frank", "security"), "which ticket?").orThrow();
    }
    try (JdbcApprovalStore store = JdbcApprovalStore.open(url, new Properties())) {
      ApprovalRequest r = store.find(id).orElseThrow();
      assertThat(r.status()).isEqualTo(RequestStatus.PAUSED);
      assertThat(r.votes()).extracting(Vote::subject).containsExactly("erin");
      assertThat(r.pauseReason()).isEqualTo("which ticket?");
      assertThat(r.submitted()).isEqualTo(Fixtures.agentExport());
      assertThat(r.version()).isEqualTo(2);
      ApprovalService s = service(store);
      s.resume(id, approver("frank", "security")).orThrow();
      ApprovalRequest approved =
          s.vote(id, approver("frank", "security"), Decision.APPROVE, null).orThrow();
      assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
      assertThat(s.list(RequestStatus.APPROVED, 10)).extracting(ApprovalRequest::id).contains(id);
    }
  }

  @Test
  void aStaleUpdateIsRefused() {
    String url = "jdbc:h2:file:" + dir.resolve("stale").toAbsolutePath();
    try (JdbcApprovalStore store = JdbcApprovalStore.open(url, new Properties())) {
      ApprovalRequest r = service(store).create(Fixtures.ddlBy("dave")).orThrow();
      assertThat(store.update(r.expired())).isTrue();
      assertThat(store.update(r.expired())).isFalse();
    }
  }

  @Test
  void twoInstancesOnOnePostgresDatabaseShareRequestsAndRedeemAGrantOnce() throws Exception {
    try (TestDatabase db = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
        JdbcApprovalStore storeA = JdbcApprovalStore.open(db.jdbcUrl(), db.credentials());
        JdbcApprovalStore storeB = JdbcApprovalStore.open(db.jdbcUrl(), db.credentials())) {
      ApprovalService a = service(storeA);
      ApprovalService b = service(storeB);
      ApprovalRequest created = a.create(Fixtures.ddlBy("dave")).orThrow();
      ApprovalRequest approved =
          b.vote(created.id(), approver("erin", "dba"), Decision.APPROVE, null).orThrow();
      assertThat(a.find(created.id()).orElseThrow().status()).isEqualTo(RequestStatus.APPROVED);

      List<Callable<Result<ApprovalRequest>>> both = new ArrayList<>();
      both.add(() -> a.redeem(approved.grant(), ApprovalService.binding(approved)));
      both.add(() -> b.redeem(approved.grant(), ApprovalService.binding(approved)));
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Result<ApprovalRequest>> results = new ArrayList<>();
      try {
        for (Future<Result<ApprovalRequest>> f : pool.invokeAll(both)) {
          results.add(f.get());
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(results).filteredOn(r -> r instanceof Result.Ok).hasSize(1);
      Result.Refused<ApprovalRequest> loser =
          (Result.Refused<ApprovalRequest>)
              results.stream().filter(r -> r instanceof Result.Refused).findFirst().orElseThrow();
      assertThat(loser.refusal().kind()).isEqualTo(Refusal.Kind.GRANT_REDEEMED);
      assertThat(loser.refusal().message()).contains(created.id()).contains("schema-change");
      assertThat(storeB.find(created.id()).orElseThrow().status())
          .isEqualTo(RequestStatus.REDEEMED);
    }
  }

  @Test
  void aGrantIsNotRedeemedAfterItExpiresOrWithOtherParameters() {
    String url = "jdbc:h2:file:" + dir.resolve("grants").toAbsolutePath();
    try (JdbcApprovalStore store = JdbcApprovalStore.open(url, new Properties())) {
      ApprovalService s = service(store);
      String id = s.create(Fixtures.ddlBy("dave")).orThrow().id();
      ApprovalRequest approved =
          s.vote(id, approver("erin", "dba"), Decision.APPROVE, null).orThrow();
      var other =
          new io.phiguard.approval.grant.GrantBinding(
              id, "dave", "postgresql://db/ehr", "fp-2", Fixtures.SQL_HASH, "c".repeat(64));
      Result<ApprovalRequest> wrongParams = s.redeem(approved.grant(), other);
      assertThat(((Result.Refused<ApprovalRequest>) wrongParams).refusal().message())
          .contains("other parameter values")
          .contains(id);
      clock.advance(Duration.ofMinutes(11));
      Result<ApprovalRequest> late = s.redeem(approved.grant(), ApprovalService.binding(approved));
      assertThat(((Result.Refused<ApprovalRequest>) late).refusal().kind())
          .isEqualTo(Refusal.Kind.EXPIRED);
    }
  }

  @Test
  void anEmbeddedH2FileStoreWritesEachCommitBeforeItReturns() {
    // a request created just before a kill must survive it (ApprovalServerKillIT kills for real)
    assertThat(JdbcApprovalStore.durable("jdbc:h2:file:/var/lib/phiguard/approvals"))
        .isEqualTo("jdbc:h2:file:/var/lib/phiguard/approvals;WRITE_DELAY=0");
    assertThat(JdbcApprovalStore.durable("jdbc:h2:file:/x;write_delay=100"))
        .isEqualTo("jdbc:h2:file:/x;write_delay=100");
    assertThat(JdbcApprovalStore.durable("jdbc:postgresql://db/approvals"))
        .isEqualTo("jdbc:postgresql://db/approvals");
  }
}
