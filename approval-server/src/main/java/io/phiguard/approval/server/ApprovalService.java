package io.phiguard.approval.server;

import io.phiguard.approval.grant.GrantBinding;
import io.phiguard.approval.grant.GrantClaims;
import io.phiguard.approval.grant.GrantException;
import io.phiguard.approval.grant.GrantSigner;
import io.phiguard.approval.grant.GrantVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The approval server's core: applies {@link ApprovalRules} to stored requests, retrying when
 * another instance changed a request first, issues grants, redeems them once, and tells {@link
 * ApprovalEvents}. Every action returns a {@link Result}; nothing here speaks HTTP.
 */
public final class ApprovalService {
  private static final int ATTEMPTS = 5;
  private static final long REREAD_MILLIS = 500;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ApprovalStore store;
  private final ApprovalRules rules;
  private final GrantVerifier grants;
  private final ApprovalEvents events;
  private final Clock clock;
  private final ChangeSignal signal = new ChangeSignal();

  /**
   * A service over {@code store}, deciding by {@code settings}, signing grants with {@code keys},
   * telling {@code events}, at the time of {@code clock}.
   */
  public ApprovalService(
      ApprovalStore store,
      ApprovalSettings settings,
      ServerKeys keys,
      ApprovalEvents events,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = Objects.requireNonNull(events, "events");
    GrantSigner signer = keys.signer();
    this.rules =
        new ApprovalRules(
            settings,
            (request, expiresAt) ->
                signer.sign(binding(request), request.rule(), clock.instant(), expiresAt));
    this.grants = keys.verifier(clock);
  }

  /** The settings. */
  public ApprovalSettings settings() {
    return rules.settings();
  }

  /** The clock requests are judged at. */
  public Clock clock() {
    return clock;
  }

  /** What a grant for {@code request} is bound to. */
  public static GrantBinding binding(ApprovalRequest request) {
    NewRequest s = request.submitted();
    return new GrantBinding(
        request.id(),
        s.requester().subject(),
        s.datasource(),
        s.fingerprint(),
        s.sqlHash(),
        s.paramsDigest());
  }

  /** Stores a new pending request. */
  public Result<ApprovalRequest> create(NewRequest submitted) {
    Result<ApprovalRequest> created = rules.create(newId(), submitted, clock.instant());
    if (created instanceof Result.Ok<ApprovalRequest> ok) {
      store.insert(ok.value());
      stored(ok.value(), true);
    }
    return created;
  }

  /** The request with {@code id}; reading never changes it. */
  public Optional<ApprovalRequest> find(String id) {
    return store.find(id);
  }

  /** Up to {@code limit} requests whose status is {@code status} now, oldest first. */
  public List<ApprovalRequest> list(RequestStatus status, int limit) {
    // expiry is effective before it is stored: look where such requests may still be filed
    Set<RequestStatus> stored =
        status == RequestStatus.EXPIRED
            ? EnumSet.of(RequestStatus.PENDING, RequestStatus.APPROVED, RequestStatus.EXPIRED)
            : EnumSet.of(status);
    Instant now = clock.instant();
    // read a few more than asked: some stored as pending may have expired meanwhile
    return store.list(stored, Math.min(limit * 4, 2_000)).stream()
        .filter(r -> r.effectiveStatus(now) == status)
        .limit(limit)
        .toList();
  }

  /**
   * Records the expiry of up to {@code limit} requests whose deadline (or grant) ran out, so
   * listeners hear of it; returns how many. Run periodically by {@link ApprovalServer}.
   */
  public int expireDue(int limit) {
    Instant now = clock.instant();
    int count = 0;
    for (ApprovalRequest r :
        store.list(EnumSet.of(RequestStatus.PENDING, RequestStatus.APPROVED), limit)) {
      ApprovalRequest expired = rules.expireIfDue(r, now);
      if (expired != null && store.update(expired)) {
        stored(expired.withVersion(r.version() + 1), false);
        count++;
      }
    }
    return count;
  }

  /** {@code approver} votes on request {@code id}. */
  public Result<ApprovalRequest> vote(
      String id, Approver approver, Decision decision, String reason) {
    return change(id, r -> rules.vote(r, approver, decision, reason, clock.instant()));
  }

  /** {@code approver} holds request {@code id} for more information. */
  public Result<ApprovalRequest> pause(String id, Approver approver, String reason) {
    return change(id, r -> rules.pause(r, approver, reason, clock.instant()));
  }

  /** {@code approver} releases paused request {@code id}. */
  public Result<ApprovalRequest> resume(String id, Approver approver) {
    return change(id, r -> rules.resume(r, approver, clock.instant()));
  }

  /**
   * Redeems {@code grant} for the statement described by {@code presented} (what the driver is
   * about to run; null to check only the grant itself): verified, then marked used in one atomic
   * store update, so it succeeds once across all instances.
   */
  public Result<ApprovalRequest> redeem(String grant, GrantBinding presented) {
    GrantClaims claims;
    try {
      claims = grants.verifySignature(grant);
    } catch (GrantException e) {
      return Result.refused(Refusal.Kind.GRANT_INVALID, e.getMessage());
    }
    Optional<ApprovalRequest> found = store.find(claims.binding().requestId());
    if (found.isEmpty() || !grant.strip().equals(found.get().grant())) {
      return Result.refused(
          Refusal.Kind.GRANT_INVALID,
          "the grant names approval request "
              + claims.binding().requestId()
              + ", which did not issue it");
    }
    ApprovalRequest request = found.get();
    Instant now = clock.instant();
    if (presented != null) {
      try {
        grants.verify(grant, presented);
      } catch (GrantException e) {
        Refusal.Kind kind =
            e.problem() == GrantException.Problem.EXPIRED
                ? Refusal.Kind.EXPIRED
                : Refusal.Kind.GRANT_INVALID;
        return Result.refused(Refusal.about(request, kind, e.getMessage()));
      }
    }
    Refusal refusal = rules.checkRedeemable(request, now);
    if (refusal != null) {
      return Result.refused(refusal);
    }
    if (!store.redeem(request.id(), now)) {
      // another caller (perhaps on another instance) won, or the grant expired meanwhile
      ApprovalRequest current = store.find(request.id()).orElse(request);
      Refusal why = rules.checkRedeemable(current, now);
      return Result.refused(
          why != null
              ? why
              : Refusal.about(current, Refusal.Kind.CONFLICT, "redemption raced; try again"));
    }
    ApprovalRequest redeemed = request.redeemed(now).withVersion(request.version() + 1);
    signal.signal();
    events.changed(redeemed);
    return Result.ok(redeemed);
  }

  /**
   * Long-poll: request {@code id} as soon as its version differs from {@code knownVersion} (or it
   * is decided), or as it stands after {@code wait}. Does not change it.
   */
  public Optional<ApprovalRequest> await(String id, long knownVersion, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      long generation = signal.generation();
      Optional<ApprovalRequest> current = store.find(id);
      if (current.isEmpty()) {
        return current;
      }
      ApprovalRequest r = current.get();
      RequestStatus status = r.effectiveStatus(clock.instant());
      boolean open = status == RequestStatus.PENDING || status == RequestStatus.PAUSED;
      long left = deadline - System.nanoTime();
      if (r.version() != knownVersion || !open || left <= 0) {
        return current;
      }
      // re-read now and then: another instance may have changed it, or it may have expired
      signal.awaitAfter(generation, Math.min(left, ChangeSignal.millisToNanos(REREAD_MILLIS)));
    }
  }

  private Result<ApprovalRequest> change(
      String id, Function<ApprovalRequest, Result<ApprovalRequest>> action) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<ApprovalRequest> found = store.find(id);
      if (found.isEmpty()) {
        return Result.refused(
            Refusal.Kind.UNKNOWN_REQUEST, "approval request " + id + " does not exist");
      }
      ApprovalRequest current = found.get();
      ApprovalRequest expired = rules.expireIfDue(current, clock.instant());
      if (expired != null && store.update(expired)) {
        // record the expiry the caller just ran into (the action below then refuses)
        current = expired.withVersion(current.version() + 1);
        stored(current, false);
      }
      Result<ApprovalRequest> result = action.apply(current);
      if (!(result instanceof Result.Ok<ApprovalRequest> ok)) {
        return result;
      }
      if (store.update(ok.value())) {
        ApprovalRequest next = ok.value().withVersion(current.version() + 1);
        stored(next, false);
        return Result.ok(next);
      }
      // someone changed it first: judge the action again against what they stored
    }
    return Result.refused(
        Refusal.Kind.CONFLICT,
        "approval request " + id + " is changing under heavy contention; try again");
  }

  private void stored(ApprovalRequest r, boolean created) {
    signal.signal();
    if (created) {
      events.created(r);
    } else {
      events.changed(r);
    }
  }

  private static String newId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "apr_" + HexFormat.of().formatHex(bytes);
  }
}
