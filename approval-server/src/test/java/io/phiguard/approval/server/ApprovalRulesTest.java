package io.phiguard.approval.server;

import static io.phiguard.approval.server.Fixtures.approver;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApprovalRulesTest {
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final ApprovalRules rules =
      new ApprovalRules(Fixtures.settings(), (request, expiresAt) -> "grant-for-" + request.id());

  private ApprovalRequest created(NewRequest submitted) {
    return rules.create("apr_1", submitted, clock.instant()).orThrow();
  }

  private static Refusal refusal(Result<ApprovalRequest> result) {
    assertThat(result).isInstanceOf(Result.Refused.class);
    return ((Result.Refused<ApprovalRequest>) result).refusal();
  }

  @Test
  void newRequestIsPendingForFifteenMinutesByDefault() {
    ApprovalRequest r = created(Fixtures.ddlBy("dave"));
    assertThat(r.status()).isEqualTo(RequestStatus.PENDING);
    assertThat(r.expiresAt()).isEqualTo(Instant.parse("2026-03-01T10:15:00Z"));
  }

  @Test
  void unknownRuleIsRefusedByName() {
    NewRequest odd =
        new NewRequest(
            Fixtures.ddlBy("dave").requester(),
            "ds",
            "DROP TABLE t",
            "fp",
            Fixtures.SQL_HASH,
            Fixtures.PARAMS,
            null,
            null,
            null,
            "no-such-rule",
            null);
    Refusal r = refusal(rules.create("apr_1", odd, clock.instant()));
    assertThat(r.kind()).isEqualTo(Refusal.Kind.UNKNOWN_RULE);
    assertThat(r.message()).contains("no-such-rule");
  }

  @Test
  void oneDbaApprovesASchemaChangeAndAGrantWithTenMinutesIsIssued() {
    ApprovalRequest r = created(Fixtures.ddlBy("dave"));
    ApprovalRequest approved =
        rules.vote(r, approver("erin", "dba"), Decision.APPROVE, null, clock.instant()).orThrow();
    assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
    assertThat(approved.grant()).isEqualTo("grant-for-apr_1");
    assertThat(approved.grantExpiresAt()).isEqualTo(Instant.parse("2026-03-01T10:10:00Z"));
  }

  @Test
  void theRequesterCannotApprove() {
    ApprovalRequest r = created(Fixtures.ddlBy("dave"));
    Refusal refusal =
        refusal(rules.vote(r, approver("Dave", "dba"), Decision.APPROVE, null, clock.instant()));
    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.SELF_APPROVAL);
    assertThat(refusal.message()).contains("apr_1").contains("rule schema-change");
  }

  @Test
  void theHumanAnAgentActsForCannotApprove() {
    ApprovalRequest r = created(Fixtures.agentExport());
    Refusal refusal =
        refusal(
            rules.vote(r, approver("carol", "security"), Decision.APPROVE, null, clock.instant()));
    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.SELF_APPROVAL);
    assertThat(refusal.message()).contains("carol").contains("rule bulk-export");
  }

  @Test
  void someoneOutsideTheApproverGroupsIsNotAnApprover() {
    ApprovalRequest r = created(Fixtures.ddlBy("dave"));
    Refusal refusal =
        refusal(
            rules.vote(r, approver("erin", "security"), Decision.APPROVE, null, clock.instant()));
    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.NOT_AN_APPROVER);
    assertThat(refusal.message()).contains("[dba]");
  }

  @Test
  void quorumOfTwoIsNotMetByOneApproverVotingTwice() {
    ApprovalRequest r = created(Fixtures.agentExport());
    ApprovalRequest once =
        rules.vote(r, approver("erin", "dba"), Decision.APPROVE, null, clock.instant()).orThrow();
    assertThat(once.status()).isEqualTo(RequestStatus.PENDING);
    Refusal twice =
        refusal(rules.vote(once, approver("ERIN", "dba"), Decision.APPROVE, null, clock.instant()));
    assertThat(twice.kind()).isEqualTo(Refusal.Kind.ALREADY_VOTED);
    ApprovalRequest second =
        rules
            .vote(once, approver("frank", "security"), Decision.APPROVE, null, clock.instant())
            .orThrow();
    assertThat(second.status()).isEqualTo(RequestStatus.APPROVED);
    assertThat(second.approvals()).isEqualTo(2);
  }

  @Test
  void aDenialNeedsAReasonAndEndsTheRequest() {
    ApprovalRequest r = created(Fixtures.agentExport());
    Refusal noReason =
        refusal(rules.vote(r, approver("erin", "dba"), Decision.DENY, "  ", clock.instant()));
    assertThat(noReason.kind()).isEqualTo(Refusal.Kind.REASON_REQUIRED);
    ApprovalRequest denied =
        rules
            .vote(
                r,
                approver("erin", "dba"),
                Decision.DENY,
                "use the de-identified view",
                clock.instant())
            .orThrow();
    assertThat(denied.status()).isEqualTo(RequestStatus.DENIED);
    assertThat(denied.denyReason()).isEqualTo("use the de-identified view");
    Refusal after =
        refusal(
            rules.vote(denied, approver("frank", "dba"), Decision.APPROVE, null, clock.instant()));
    assertThat(after.kind()).isEqualTo(Refusal.Kind.NOT_PENDING);
  }

  @Test
  void anUnansweredRequestExpiresAndCannotBeApproved() {
    ApprovalRequest r = created(Fixtures.ddlBy("dave"));
    clock.advance(Duration.ofMinutes(15));
    assertThat(r.effectiveStatus(clock.instant())).isEqualTo(RequestStatus.EXPIRED);
    Refusal refusal =
        refusal(rules.vote(r, approver("erin", "dba"), Decision.APPROVE, null, clock.instant()));
    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.EXPIRED);
    assertThat(rules.expireIfDue(r, clock.instant()).status()).isEqualTo(RequestStatus.EXPIRED);
  }

  @Test
  void aPausedRequestDoesNotExpireOnItsDeadlineAndResumesWithTheTimeItHadLeft() {
    ApprovalRequest r = created(Fixtures.ddlBy("dave"));
    clock.advance(Duration.ofMinutes(5));
    Refusal noReason = refusal(rules.pause(r, approver("erin", "dba"), "", clock.instant()));
    assertThat(noReason.kind()).isEqualTo(Refusal.Kind.REASON_REQUIRED);
    ApprovalRequest paused =
        rules.pause(r, approver("erin", "dba"), "which ticket?", clock.instant()).orThrow();
    assertThat(paused.status()).isEqualTo(RequestStatus.PAUSED);
    assertThat(paused.pauseReason()).isEqualTo("which ticket?");

    clock.advance(Duration.ofHours(1));
    assertThat(paused.effectiveStatus(clock.instant())).isEqualTo(RequestStatus.PAUSED);
    Refusal whilePaused =
        refusal(
            rules.vote(paused, approver("erin", "dba"), Decision.APPROVE, null, clock.instant()));
    assertThat(whilePaused.kind()).isEqualTo(Refusal.Kind.NOT_PENDING);
    assertThat(whilePaused.message()).contains("paused by erin");

    ApprovalRequest resumed =
        rules.resume(paused, approver("erin", "dba"), clock.instant()).orThrow();
    assertThat(resumed.status()).isEqualTo(RequestStatus.PENDING);
    assertThat(resumed.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(
            rules
                .vote(resumed, approver("erin", "dba"), Decision.APPROVE, null, clock.instant())
                .orThrow()
                .status())
        .isEqualTo(RequestStatus.APPROVED);
  }

  @Test
  void theRequesterCannotPauseOrResume() {
    ApprovalRequest r = created(Fixtures.ddlBy("dave"));
    assertThat(refusal(rules.pause(r, approver("dave", "dba"), "hm", clock.instant())).kind())
        .isEqualTo(Refusal.Kind.SELF_APPROVAL);
    ApprovalRequest paused =
        rules.pause(r, approver("erin", "dba"), "why?", clock.instant()).orThrow();
    assertThat(refusal(rules.resume(paused, approver("dave", "dba"), clock.instant())).kind())
        .isEqualTo(Refusal.Kind.SELF_APPROVAL);
  }

  @Test
  void aGrantIsRedeemableUntilItExpires() {
    ApprovalRequest approved =
        rules
            .vote(
                created(Fixtures.ddlBy("dave")),
                approver("erin", "dba"),
                Decision.APPROVE,
                null,
                clock.instant())
            .orThrow();
    assertThat(rules.checkRedeemable(approved, clock.instant())).isNull();
    clock.advance(Duration.ofMinutes(10));
    assertThat(rules.checkRedeemable(approved, clock.instant()).kind())
        .isEqualTo(Refusal.Kind.EXPIRED);
    ApprovalRequest used = approved.redeemed(clock.instant());
    assertThat(rules.checkRedeemable(used, clock.instant()).kind())
        .isEqualTo(Refusal.Kind.GRANT_REDEEMED);
  }
}
