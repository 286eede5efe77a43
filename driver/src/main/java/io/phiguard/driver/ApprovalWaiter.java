package io.phiguard.driver;

import io.phiguard.approval.client.ApprovalClient;
import io.phiguard.approval.client.ApprovalServerException;
import io.phiguard.approval.client.ClientToken;
import io.phiguard.approval.client.RequestState;
import io.phiguard.approval.client.Submission;
import io.phiguard.approval.grant.GrantBinding;
import io.phiguard.approval.grant.GrantException;
import io.phiguard.policy.ApprovalSettings;
import io.phiguard.policy.Identity;
import io.phiguard.policy.PolicyException;
import io.phiguard.rewrite.SqlNormalizer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/**
 * Asks the approval server for a statement the policy holds for a human, then waits ({@code mode:
 * block}) or fails fast ({@code PH001}), and on approval verifies the grant offline and redeems it
 * before the statement runs. Refusals: {@code PH001} pending (also on timeout, cancel, interrupt),
 * {@code PH002} denied, {@code PH003} expired, {@code PH004} server unreachable or refusing this
 * driver's client token, {@code PH005} grant invalid. Each message names the rule and the request
 * id; none carries SQL values, and none the client token.
 */
final class ApprovalWaiter {
  private static final ConcurrentHashMap<ClientKey, ApprovalClient> CLIENTS =
      new ConcurrentHashMap<>();
  // request ids by statement binding: the identical retried statement finds its request
  private static final ConcurrentHashMap<BindingKey, String> PENDING = new ConcurrentHashMap<>();
  private static final int MAX_PENDING = 10_000;
  private static final long RETRY_MILLIS = 250;

  // policies naming other tokens for one server get clients of their own
  private record ClientKey(URI server, Optional<ClientToken> token) {}

  private record BindingKey(
      URI server, String subject, String datasource, String sqlHash, String paramsDigest) {}

  private final ApprovalSettings settings;
  private final ApprovalClient client;
  private final Clock clock;
  // why the client token cannot be read (checked at connect; a file may vanish since), or null
  private final String tokenProblem;

  ApprovalWaiter(ApprovalSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    URI server =
        settings
            .server()
            .orElseThrow(() -> new IllegalStateException("approval rules need a server"));
    Optional<ClientToken> token = Optional.empty();
    String problem = null;
    try {
      // read once per waiter (one per policy and gate), not per statement
      token = clientToken(settings);
    } catch (PolicyException | IllegalArgumentException e) {
      problem = e.getMessage();
    }
    this.tokenProblem = problem;
    this.client =
        CLIENTS.computeIfAbsent(
            new ClientKey(server, token),
            k -> ApprovalClient.create(k.server(), Clock.systemUTC(), k.token()));
  }

  /**
   * The client token the policy names, read now; empty without {@code approvals.client-token}.
   *
   * @throws PolicyException when it cannot be read (file:line, never the value)
   * @throws IllegalArgumentException when it cannot be sent as a header (never the value)
   */
  static Optional<ClientToken> clientToken(ApprovalSettings settings) throws PolicyException {
    if (settings.clientToken().isEmpty()) {
      return Optional.empty();
    }
    byte[] secret = settings.clientToken().get().resolve();
    try {
      return Optional.of(ClientToken.of(secret));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** The planner estimate that held {@code decision}, or null. */
  private static Long estimateOf(GateDecision decision) {
    RowCheck check = decision.rowCheck();
    return check == null || check.estimate() < 0 || check.seen() ? null : check.estimate();
  }

  /** {@code decision} approved, or a refusal; {@code paramsDigest} digests the bound values. */
  GateDecision approve(GateDecision decision, String paramsDigest, ApprovalWait wait)
      throws SQLException {
    if (tokenProblem != null) {
      throw refusal(
          SqlState.CONFIG_INVALID,
          decision,
          "cannot be asked for: approvals.client-token cannot be read ("
              + tokenProblem
              + "); the statement does not run without approval",
          null);
    }
    GateRequest request = decision.request();
    Identity who = request.identity();
    SqlNormalizer.Normalized normalized =
        SqlNormalizer.normalize(request.analysedSql(), request.connection().dialect());
    String sqlHash = sha256(request.sql());
    String datasource = request.connection().datasource();
    String subject = who.isNone() ? "anonymous" : who.subject();
    BindingKey key = new BindingKey(client.server(), subject, datasource, sqlHash, paramsDigest);
    String rule = decision.approvalRule();
    RequestState state = existing(key, decision);
    if (state == null) {
      Submission submission =
          new Submission(
              subject,
              who.agent().isEmpty() ? "human" : "agent",
              who.groups(),
              who.onBehalfOf(),
              who.verified(),
              datasource,
              normalized.sql(),
              normalized.fingerprint(),
              sqlHash,
              paramsDigest,
              decision.tables(),
              decision.protectedColumns(),
              rule,
              who.purpose().isEmpty() ? null : who.purpose(),
              estimateOf(decision));
      try {
        state = client.create(submission);
      } catch (ApprovalServerException e) {
        if (e.clientUnauthenticated()) {
          throw tokenRefused(decision, null);
        }
        throw refusal(
            e.unreachable() ? SqlState.APPROVAL_UNREACHABLE : SqlState.GRANT_INVALID,
            decision,
            "no approval request could be made at "
                + client.server()
                + " ("
                + e.getMessage()
                + "); the statement does not run without approval",
            null);
      }
      if (PENDING.size() >= MAX_PENDING) {
        PENDING.clear();
      }
      PENDING.put(key, state.id());
    }
    if (state.open() && settings.waitMode() == ApprovalSettings.WaitMode.FAIL_FAST) {
      throw pending(decision, state, "is pending; retry the identical statement once approved");
    }
    state = waitForDecision(decision, state, wait);
    PENDING.remove(key, state.id());
    return switch (state.status()) {
      case "approved" ->
          redeem(
              decision,
              state,
              new GrantBinding(
                  state.id(),
                  subject,
                  datasource,
                  normalized.fingerprint(),
                  sqlHash,
                  paramsDigest));
      case "denied" ->
          throw refusal(
              SqlState.APPROVAL_DENIED,
              decision,
              "was denied"
                  + (state.denyReason() == null ? "" : ": " + state.denyReason())
                  + ". Ask again with a better justification or change the statement",
              state);
      case "expired" ->
          throw refusal(
              SqlState.APPROVAL_EXPIRED,
              decision,
              "expired without a decision; run the statement again to ask anew",
              state);
      default ->
          throw refusal(
              SqlState.GRANT_INVALID,
              decision,
              "was already used (" + state.status() + "); a grant runs one statement once",
              state);
    };
  }

  /** The request a previous identical statement made, unless it is settled for good. */
  private RequestState existing(BindingKey key, GateDecision decision) throws SQLException {
    String id = PENDING.get(key);
    if (id == null) {
      return null;
    }
    try {
      RequestState state = client.get(id);
      if ("redeemed".equals(state.status())) {
        // this process forgets a request once it redeemed its grant: someone else used it
        PENDING.remove(key, id);
        throw refusal(
            SqlState.GRANT_INVALID,
            decision,
            "was approved, but its grant was redeemed elsewhere (replayed); a grant runs one"
                + " statement once. Run the statement again to ask anew",
            state);
      }
      return state;
    } catch (ApprovalServerException e) {
      if (e.clientUnauthenticated()) {
        throw tokenRefused(decision, null);
      }
      if (e.unreachable()) {
        throw refusal(
            SqlState.APPROVAL_UNREACHABLE,
            decision,
            "cannot be read: the approval server at "
                + client.server()
                + " is unreachable; the statement does not run without approval",
            null);
      }
      PENDING.remove(key, id);
      return null;
    }
  }

  private RequestState waitForDecision(GateDecision decision, RequestState first, ApprovalWait wait)
      throws SQLException {
    Instant deadline = clock.instant().plus(settings.maxWait());
    boolean byTimeout = wait.deadline() != null && wait.deadline().isBefore(deadline);
    if (byTimeout) {
      deadline = wait.deadline();
    }
    RequestState state = first;
    ApprovalServerException lastFailure = null;
    while (state.open()) {
      Duration remaining = Duration.between(clock.instant(), deadline);
      if (remaining.isNegative() || remaining.isZero()) {
        if (lastFailure != null) {
          throw refusal(
              SqlState.APPROVAL_UNREACHABLE,
              decision,
              "could not be followed: the approval server at "
                  + client.server()
                  + " stayed unreachable",
              state);
        }
        throw pending(
            decision,
            state,
            byTimeout
                ? "is still pending at the statement's query timeout; retry the identical"
                    + " statement once approved"
                : "is still pending after approvals.max-wait ("
                    + settings.maxWait()
                    + "); retry the identical statement once approved");
      }
      try {
        RequestState next = client.poll(state.id(), remaining, state.version(), wait::cancelled);
        if (next == null) {
          throw pending(
              decision,
              state,
              "is still pending; the statement was cancelled while waiting for it");
        }
        state = next;
        lastFailure = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw pending(
            decision, state, "is still pending; the thread was interrupted while waiting for it");
      } catch (ApprovalServerException e) {
        if (e.clientUnauthenticated()) {
          throw tokenRefused(decision, state);
        }
        if (!e.unreachable()) {
          throw refusal(
              SqlState.GRANT_INVALID, decision, "cannot be read: " + e.getMessage(), state);
        }
        // the server may be restarting: the request is stored, keep asking until the deadline
        lastFailure = e;
        pause(wait, decision, state);
      }
    }
    return state;
  }

  private void pause(ApprovalWait wait, GateDecision decision, RequestState state)
      throws SQLException {
    try {
      for (int i = 0; i < RETRY_MILLIS / 50; i++) {
        if (wait.cancelled()) {
          throw pending(
              decision, state, "is still pending; the statement was cancelled while waiting");
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw pending(decision, state, "is still pending; the thread was interrupted");
    }
  }

  private GateDecision redeem(GateDecision decision, RequestState state, GrantBinding binding)
      throws SQLException {
    String grant = state.grant();
    if (grant == null) {
      // a server with a client token shows grants only to drivers holding it
      throw tokenRefused(decision, state);
    }
    try {
      client.verify(grant, binding);
    } catch (GrantException e) {
      throw refusal(
          e.problem() == GrantException.Problem.EXPIRED
              ? SqlState.APPROVAL_EXPIRED
              : SqlState.GRANT_INVALID,
          decision,
          "has a grant PhiGuard refuses: " + e.getMessage(),
          state);
    } catch (ApprovalServerException e) {
      if (e.clientUnauthenticated()) {
        throw tokenRefused(decision, state);
      }
      throw refusal(
          SqlState.APPROVAL_UNREACHABLE,
          decision,
          "was approved, but the server's keys cannot be read (" + e.getMessage() + ")",
          state);
    }
    RequestState redeemed;
    try {
      redeemed = client.redeem(grant, binding);
    } catch (ApprovalServerException e) {
      if (e.clientUnauthenticated()) {
        throw tokenRefused(decision, state);
      }
      SqlState code =
          e.unreachable()
              ? SqlState.APPROVAL_UNREACHABLE
              : "expired".equals(e.code()) ? SqlState.APPROVAL_EXPIRED : SqlState.GRANT_INVALID;
      throw refusal(
          code,
          decision,
          "was approved, but its grant was refused at redemption: " + e.getMessage(),
          state);
    }
    List<String> approvers =
        redeemed.approvers().isEmpty() ? state.approvers() : redeemed.approvers();
    return decision.approved(new GateDecision.Approval(state.id(), approvers));
  }

  /** {@code PH004}: the server does not take this driver's token; the statement never runs. */
  private SQLException tokenRefused(GateDecision decision, RequestState state) {
    return refusal(
        SqlState.APPROVAL_UNREACHABLE,
        decision,
        (state == null ? "cannot be asked for: " : "cannot be used: ")
            + "the approval server at "
            + client.server()
            + " refused this driver's client token; check approvals.client-token (the same"
            + " token on the driver and the server). The statement does not run without approval",
        state);
  }

  private SQLException pending(GateDecision decision, RequestState state, String what) {
    if (state.paused()) {
      // the requester learns why it waits: the approver's question, never statement values
      String held =
          "is paused by "
              + (state.pausedBy() == null ? "an approver" : state.pausedBy())
              + (state.pauseReason() == null ? "" : " (\"" + state.pauseReason() + "\")")
              + " for more information; it neither runs nor expires while paused";
      what = what.replaceFirst("^is (still )?pending", Matcher.quoteReplacement(held));
    }
    RowCheck check = decision.rowCheck();
    if (check != null && check.limit().rule().name().equals(decision.approvalRule())) {
      // held by a rows > N rule: say how large, so the caller can narrow it instead of waiting
      what +=
          " (rows > "
              + check.limit().threshold()
              + ": "
              + (check.seen()
                  ? "a read of it went past the row cap"
                  : "the planner expects " + check.estimate() + " rows")
              + "; a narrower statement may run without approval)";
    }
    return refusal(SqlState.APPROVAL_PENDING, decision, what, state);
  }

  private static SQLException refusal(
      SqlState sqlState, GateDecision decision, String what, RequestState state) {
    String subject =
        state == null
            ? "the statement needs approval under rule " + decision.approvalRule()
            : "approval request "
                + state.id()
                + " (rule "
                + decision.approvalRule()
                + (state.consoleUrl() == null ? "" : ", " + state.consoleUrl())
                + ")";
    String message = state == null ? subject + ": " + what : subject + " " + what;
    return PhiGuardErrors.approval(
        sqlState,
        message,
        decision.approvalRule(),
        decision.id(),
        state == null ? null : state.id(),
        state == null ? null : state.consoleUrl());
  }

  /** SHA-256 of {@code text}, hex. */
  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
