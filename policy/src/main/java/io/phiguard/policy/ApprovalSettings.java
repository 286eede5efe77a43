package io.phiguard.policy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which statements wait for a human, and how ({@code approvals:} in the policy file).
 *
 * @param server the approval server; required when there are rules
 * @param waitMode whether a statement needing approval blocks or fails fast
 * @param maxWait how long a blocked statement waits at most
 * @param requestTtl how long a request stays open for approvers
 * @param grantTtl how long an approval may be redeemed
 * @param rules the rules, in file order
 * @param exemptions who is exempt from which rule
 * @param serverSide how {@code ./phiguard approvals serve} runs the server (the driver ignores it)
 * @param clientToken where the token is kept that the driver shows the server and the server
 *     demands of drivers ({@code client-token}); empty: drivers are not authenticated
 */
public record ApprovalSettings(
    Optional<URI> server,
    WaitMode waitMode,
    Duration maxWait,
    Duration requestTtl,
    Duration grantTtl,
    List<ApprovalRule> rules,
    List<ApprovalExemption> exemptions,
    ApprovalServerSettings serverSide,
    Optional<SecretRef> clientToken) {

  /** Default {@link #maxWait}. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(10);

  /** Default {@link #requestTtl}. */
  public static final Duration DEFAULT_REQUEST_TTL = Duration.ofMinutes(15);

  /** Default {@link #grantTtl}. */
  public static final Duration DEFAULT_GRANT_TTL = Duration.ofMinutes(10);

  private static final ApprovalSettings NONE =
      new ApprovalSettings(
          Optional.empty(),
          WaitMode.BLOCK,
          DEFAULT_MAX_WAIT,
          DEFAULT_REQUEST_TTL,
          DEFAULT_GRANT_TTL,
          List.of(),
          List.of(),
          ApprovalServerSettings.defaults(),
          Optional.empty());

  /** How a statement that needs approval waits. */
  public enum WaitMode {
    /** Long-poll until approved, denied, timed out or cancelled (default). */
    BLOCK,
    /** Throw at once ({@code PH001}) with the request id; the retried statement uses the grant. */
    FAIL_FAST
  }

  public ApprovalSettings {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(waitMode, "waitMode");
    Objects.requireNonNull(maxWait, "maxWait");
    Objects.requireNonNull(requestTtl, "requestTtl");
    Objects.requireNonNull(grantTtl, "grantTtl");
    rules = List.copyOf(rules);
    exemptions = List.copyOf(exemptions);
    Objects.requireNonNull(serverSide, "serverSide");
    Objects.requireNonNull(clientToken, "clientToken");
  }

  /** Settings without a client token (drivers not authenticated). */
  public ApprovalSettings(
      Optional<URI> server,
      WaitMode waitMode,
      Duration maxWait,
      Duration requestTtl,
      Duration grantTtl,
      List<ApprovalRule> rules,
      List<ApprovalExemption> exemptions,
      ApprovalServerSettings serverSide) {
    this(
        server,
        waitMode,
        maxWait,
        requestTtl,
        grantTtl,
        rules,
        exemptions,
        serverSide,
        Optional.empty());
  }

  /** Driver-side settings only (the server-side keys at their defaults, no client token). */
  public ApprovalSettings(
      Optional<URI> server,
      WaitMode waitMode,
      Duration maxWait,
      Duration requestTtl,
      Duration grantTtl,
      List<ApprovalRule> rules,
      List<ApprovalExemption> exemptions) {
    this(
        server,
        waitMode,
        maxWait,
        requestTtl,
        grantTtl,
        rules,
        exemptions,
        ApprovalServerSettings.defaults());
  }

  /** No approvals: the settings of a policy without an {@code approvals:} section. */
  public static ApprovalSettings none() {
    return NONE;
  }

  /** The rule called {@code name}. */
  public Optional<ApprovalRule> rule(String name) {
    return rules.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** Whether {@code identity} is exempt from the rule called {@code ruleName}. */
  public boolean isExempt(String ruleName, Identity identity) {
    return exemptions.stream().anyMatch(e -> e.rule().equals(ruleName) && e.exempts(identity));
  }

  @Override
  public String toString() {
    return "ApprovalSettings[server="
        + server.map(u -> Redaction.url(u.toString())).orElse("none")
        + ", waitMode="
        + waitMode
        + ", maxWait="
        + maxWait
        + ", requestTtl="
        + requestTtl
        + ", grantTtl="
        + grantTtl
        + ", rules="
        + rules.stream().map(ApprovalRule::name).toList()
        + ", exemptions="
        + exemptions.size()
        // the reference only (env:NAME or file:/path), never the token
        + ", clientToken="
        + clientToken.map(SecretRef::toString).orElse("none")
        + "]";
  }
}
