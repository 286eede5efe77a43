package io.phiguard.approval.server;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the server decides: the rules it knows, how long requests and grants live, and where its
 * console is (for links handed to requesters and chat messages).
 *
 * @param rules the rules by name
 * @param requestTtl how long a request waits for a decision (default 15 minutes)
 * @param grantTtl how long a grant may be redeemed after approval (default 10 minutes)
 * @param consoleUrl the console's base URL, e.g. {@code http://localhost:8470/console}
 */
public record ApprovalSettings(
    Map<String, RuleSpec> rules, Duration requestTtl, Duration grantTtl, URI consoleUrl) {

  /** The default time a request waits. */
  public static final Duration DEFAULT_REQUEST_TTL = Duration.ofMinutes(15);

  /** The default time a grant lives. */
  public static final Duration DEFAULT_GRANT_TTL = Duration.ofMinutes(10);

  /** Validates and copies. */
  public ApprovalSettings {
    rules = Map.copyOf(Objects.requireNonNull(rules, "rules"));
    requestTtl = positive(requestTtl, DEFAULT_REQUEST_TTL, "request-ttl");
    grantTtl = positive(grantTtl, DEFAULT_GRANT_TTL, "grant-ttl");
    Objects.requireNonNull(consoleUrl, "consoleUrl");
  }

  /** Settings with the default lifetimes for {@code rules}. */
  public static ApprovalSettings of(List<RuleSpec> rules, URI consoleUrl) {
    Map<String, RuleSpec> byName = new LinkedHashMap<>();
    for (RuleSpec r : rules) {
      if (byName.put(r.name(), r) != null) {
        throw new IllegalArgumentException("rule " + r.name() + " is defined twice");
      }
    }
    return new ApprovalSettings(byName, null, null, consoleUrl);
  }

  /** A copy with other lifetimes. */
  public ApprovalSettings withTtls(Duration request, Duration grant) {
    return new ApprovalSettings(rules, request, grant, consoleUrl);
  }

  /** The console page of request {@code id}. */
  public URI consoleLink(String id) {
    String base = consoleUrl.toString();
    return URI.create(base.endsWith("/") ? base + "requests/" + id : base + "/requests/" + id);
  }

  private static Duration positive(Duration value, Duration fallback, String name) {
    Duration d = value == null ? fallback : value;
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return d;
  }
}
