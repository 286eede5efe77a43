package io.phiguard.approval.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One request for approval and everything decided about it. Immutable; the store bumps {@link
 * #version()} on each stored change and refuses updates made from an older version.
 *
 * @param id the request id
 * @param submitted what the driver submitted
 * @param status the stored status; {@link #effectiveStatus(Instant)} also accounts for expiry
 * @param createdAt when it was created
 * @param expiresAt when a pending request expires (extended by pauses)
 * @param votes the votes so far, one per subject
 * @param pauseReason why an approver holds it (while {@link RequestStatus#PAUSED}), else null
 * @param pausedBy who holds it, else null
 * @param remainingWhenPaused the time that was left when it was paused, else null
 * @param denyReason the reason of the denial, else null
 * @param grant the compact JWS grant once approved, else null
 * @param grantExpiresAt when the grant expires, else null
 * @param redeemedAt when the grant was redeemed, else null
 * @param version the optimistic-lock version, 0 when created
 */
public record ApprovalRequest(
    String id,
    NewRequest submitted,
    RequestStatus status,
    Instant createdAt,
    Instant expiresAt,
    List<Vote> votes,
    String pauseReason,
    String pausedBy,
    Duration remainingWhenPaused,
    String denyReason,
    String grant,
    Instant grantExpiresAt,
    Instant redeemedAt,
    long version) {

  /** Validates and copies. */
  public ApprovalRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(submitted, "submitted");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    votes = List.copyOf(votes);
  }

  /** A new pending request. */
  static ApprovalRequest pending(String id, NewRequest submitted, Instant now, Duration ttl) {
    return new ApprovalRequest(
        id,
        submitted,
        RequestStatus.PENDING,
        now,
        now.plus(ttl),
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0);
  }

  /**
   * The status as of {@code now}: a pending request past its deadline, or an approved one whose
   * grant ran out, is {@link RequestStatus#EXPIRED} even before anyone stores that. A paused
   * request never expires.
   */
  public RequestStatus effectiveStatus(Instant now) {
    if (status == RequestStatus.PENDING && !now.isBefore(expiresAt)) {
      return RequestStatus.EXPIRED;
    }
    if (status == RequestStatus.APPROVED
        && grantExpiresAt != null
        && !now.isBefore(grantExpiresAt)) {
      return RequestStatus.EXPIRED;
    }
    return status;
  }

  /** The rule name, for messages. */
  public String rule() {
    return submitted.rule();
  }

  /** How many distinct subjects approved. */
  public long approvals() {
    return votes.stream().filter(v -> v.decision() == Decision.APPROVE).count();
  }

  /** Whether {@code subject} voted already (compared as the requester check compares). */
  public boolean hasVoted(String subject) {
    return votes.stream().anyMatch(v -> v.subject().equalsIgnoreCase(subject));
  }

  ApprovalRequest withVote(Vote vote) {
    List<Vote> next = new ArrayList<>(votes);
    next.add(vote);
    return new ApprovalRequest(
        id,
        submitted,
        status,
        createdAt,
        expiresAt,
        next,
        pauseReason,
        pausedBy,
        remainingWhenPaused,
        denyReason,
        grant,
        grantExpiresAt,
        redeemedAt,
        version);
  }

  ApprovalRequest approved(String grantJws, Instant grantExpiry) {
    return new ApprovalRequest(
        id,
        submitted,
        RequestStatus.APPROVED,
        createdAt,
        expiresAt,
        votes,
        null,
        null,
        null,
        null,
        grantJws,
        grantExpiry,
        null,
        version);
  }

  ApprovalRequest denied(String reason) {
    return new ApprovalRequest(
        id,
        submitted,
        RequestStatus.DENIED,
        createdAt,
        expiresAt,
        votes,
        null,
        null,
        null,
        reason,
        null,
        null,
        null,
        version);
  }

  ApprovalRequest paused(String by, String reason, Duration remaining) {
    return new ApprovalRequest(
        id,
        submitted,
        RequestStatus.PAUSED,
        createdAt,
        expiresAt,
        votes,
        reason,
        by,
        remaining,
        null,
        null,
        null,
        null,
        version);
  }

  ApprovalRequest resumed(Instant newExpiry) {
    return new ApprovalRequest(
        id,
        submitted,
        RequestStatus.PENDING,
        createdAt,
        newExpiry,
        votes,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        version);
  }

  ApprovalRequest expired() {
    return new ApprovalRequest(
        id,
        submitted,
        RequestStatus.EXPIRED,
        createdAt,
        expiresAt,
        votes,
        null,
        null,
        null,
        null,
        null,
        grantExpiresAt,
        null,
        version);
  }

  ApprovalRequest redeemed(Instant at) {
    return new ApprovalRequest(
        id,
        submitted,
        RequestStatus.REDEEMED,
        createdAt,
        expiresAt,
        votes,
        null,
        null,
        null,
        null,
        grant,
        grantExpiresAt,
        at,
        version);
  }

  ApprovalRequest withVersion(long next) {
    return new ApprovalRequest(
        id,
        submitted,
        status,
        createdAt,
        expiresAt,
        votes,
        pauseReason,
        pausedBy,
        remainingWhenPaused,
        denyReason,
        grant,
        grantExpiresAt,
        redeemedAt,
        next);
  }

  @Override
  public String toString() {
    // the grant is a bearer credential until redeemed: never print it
    return "ApprovalRequest[" + id + ", rule " + rule() + ", " + status + ", v" + version + "]";
  }
}
