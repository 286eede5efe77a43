package io.phiguard.approval.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The approval rules as pure functions of a request, an approver and the time: quorum, approver
 * groups, no self-approval, one vote per subject, deny reason required, expiry and pause. Nothing
 * here stores anything; {@link ApprovalService} persists what these functions return.
 */
public final class ApprovalRules {
  private final ApprovalSettings settings;
  private final GrantIssuer grants;

  /**
   * Rules as {@code settings} configure them; approved requests get a grant from {@code grants}.
   */
  public ApprovalRules(ApprovalSettings settings, GrantIssuer grants) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.grants = Objects.requireNonNull(grants, "grants");
  }

  /** The settings. */
  public ApprovalSettings settings() {
    return settings;
  }

  /** A new pending request, if the server knows its rule. */
  public Result<ApprovalRequest> create(String id, NewRequest submitted, Instant now) {
    if (!settings.rules().containsKey(submitted.rule())) {
      return Result.refused(
          Refusal.Kind.UNKNOWN_RULE,
          "rule "
              + submitted.rule()
              + " is not configured on the approval server; add it to approvals.rules of the"
              + " server's configuration");
    }
    return Result.ok(ApprovalRequest.pending(id, submitted, now, settings.requestTtl()));
  }

  /** {@code approver}'s vote on {@code request}: the request as it stands after the vote. */
  public Result<ApprovalRequest> vote(
      ApprovalRequest request, Approver approver, Decision decision, String reason, Instant now) {
    Refusal refusal = checkVoter(request, approver, now);
    if (refusal != null) {
      return Result.refused(refusal);
    }
    if (request.hasVoted(approver.subject())) {
      return Result.refused(
          Refusal.about(
              request,
              Refusal.Kind.ALREADY_VOTED,
              approver.subject() + " has voted already; each approver counts once towards quorum"));
    }
    String why = reason == null || reason.isBlank() ? null : reason.strip();
    if (decision == Decision.DENY && why == null) {
      return Result.refused(
          Refusal.about(
              request, Refusal.Kind.REASON_REQUIRED, "a denial needs a reason for the requester"));
    }
    ApprovalRequest voted =
        request.withVote(new Vote(approver.subject(), decision, why, now, approver.channel()));
    if (decision == Decision.DENY) {
      return Result.ok(voted.denied(why));
    }
    RuleSpec rule = settings.rules().get(request.rule());
    if (voted.approvals() >= rule.quorum()) {
      Instant grantExpiry = now.plus(settings.grantTtl());
      return Result.ok(voted.approved(grants.issue(voted, grantExpiry), grantExpiry));
    }
    return Result.ok(voted);
  }

  /**
   * {@code approver} holds {@code request} for more information. The time left is kept and given
   * back on {@link #resume}, so the request does not expire while it is held.
   */
  public Result<ApprovalRequest> pause(
      ApprovalRequest request, Approver approver, String reason, Instant now) {
    Refusal refusal = checkVoter(request, approver, now);
    if (refusal != null) {
      return Result.refused(refusal);
    }
    if (reason == null || reason.isBlank()) {
      return Result.refused(
          Refusal.about(
              request,
              Refusal.Kind.REASON_REQUIRED,
              "a pause needs a reason telling the requester what is missing"));
    }
    Duration left = Duration.between(now, request.expiresAt());
    return Result.ok(request.paused(approver.subject(), reason.strip(), left));
  }

  /** {@code approver} releases a paused request: pending again, with the time it had left. */
  public Result<ApprovalRequest> resume(ApprovalRequest request, Approver approver, Instant now) {
    if (request.effectiveStatus(now) != RequestStatus.PAUSED) {
      return Result.refused(
          Refusal.about(
              request,
              Refusal.Kind.NOT_PENDING,
              "it is " + describe(request.effectiveStatus(now)) + ", not paused"));
    }
    Refusal refusal = checkApprover(request, approver);
    if (refusal != null) {
      return Result.refused(refusal);
    }
    return Result.ok(request.resumed(now.plus(request.remainingWhenPaused())));
  }

  /** Whether {@code request}'s grant may be redeemed now. */
  public Refusal checkRedeemable(ApprovalRequest request, Instant now) {
    RequestStatus status = request.effectiveStatus(now);
    return switch (status) {
      case APPROVED -> null;
      case REDEEMED ->
          Refusal.about(
              request,
              Refusal.Kind.GRANT_REDEEMED,
              "the grant was used already (grants are single use); run the statement again to ask"
                  + " for a new approval");
      case EXPIRED ->
          Refusal.about(request, Refusal.Kind.EXPIRED, "the grant expired; ask for a new approval");
      default ->
          Refusal.about(
              request, Refusal.Kind.GRANT_INVALID, "it is " + describe(status) + ", not approved");
    };
  }

  /** The request as stored once its expiry is recorded, or null when it has not expired. */
  public ApprovalRequest expireIfDue(ApprovalRequest request, Instant now) {
    if (request.status() != RequestStatus.EXPIRED
        && request.effectiveStatus(now) == RequestStatus.EXPIRED) {
      return request.expired();
    }
    return null;
  }

  /** The request must be pending and {@code approver} allowed to vote on it. */
  private Refusal checkVoter(ApprovalRequest request, Approver approver, Instant now) {
    RequestStatus status = request.effectiveStatus(now);
    if (status == RequestStatus.EXPIRED) {
      return Refusal.about(
          request,
          Refusal.Kind.EXPIRED,
          "it expired at " + request.expiresAt() + "; the requester must run the statement again");
    }
    if (status == RequestStatus.PAUSED) {
      return Refusal.about(
          request,
          Refusal.Kind.NOT_PENDING,
          "it is paused by " + request.pausedBy() + "; resume it before voting");
    }
    if (status != RequestStatus.PENDING) {
      return Refusal.about(request, Refusal.Kind.NOT_PENDING, "it is " + describe(status));
    }
    return checkApprover(request, approver);
  }

  private Refusal checkApprover(ApprovalRequest request, Approver approver) {
    if (request.submitted().requester().involves(approver.subject())) {
      // the requester, and everyone an agent acts for, may not approve their own statement
      return Refusal.about(
          request,
          Refusal.Kind.SELF_APPROVAL,
          approver.subject()
              + " is the requester or someone it acts for; another approver must decide");
    }
    RuleSpec rule = settings.rules().get(request.rule());
    if (rule == null) {
      return Refusal.about(
          request, Refusal.Kind.UNKNOWN_RULE, "the rule is no longer configured on the server");
    }
    if (!rule.admits(approver.groups())) {
      return Refusal.about(
          request,
          Refusal.Kind.NOT_AN_APPROVER,
          approver.subject()
              + " is not an approver: the rule needs a member of "
              + rule.approverGroups().stream().sorted().toList());
    }
    return null;
  }

  private static String describe(RequestStatus status) {
    return status.name().toLowerCase(java.util.Locale.ROOT);
  }
}
