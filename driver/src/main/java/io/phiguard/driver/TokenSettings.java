package io.phiguard.driver;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How tokens are verified: where the signing keys are, which issuer and audience a token must name,
 * which algorithms may sign it and how its claims become an {@link io.phiguard.policy.Identity}.
 * Validated when built; equal settings share one {@link TokenVerifier} and its cache.
 *
 * @param jwks a JWKS file path or an {@code https://} URL
 * @param issuer the exact {@code iss} a token must carry
 * @param audience a value the token's {@code aud} must contain
 * @param groupsClaim the claim holding the groups: {@code groups} (Okta), {@code roles} (Entra ID),
 *     or a dotted path such as {@code realm_access.roles} (Keycloak)
 * @param clockSkew how far {@code exp} and {@code nbf} may be off, at most 5 minutes
 * @param algorithms the JWS algorithms accepted; asymmetric only
 * @param actorsGroup the group whose members may run {@link PhiGuard#actingAs} scopes for others on
 *     a connection with a token, or null when no one may
 * @param jwksTtl how long loaded keys are used before the JWKS is read again
 * @param clock the time tokens are judged at (a fixed clock in tests)
 */
public record TokenSettings(
    String jwks,
    String issuer,
    String audience,
    String groupsClaim,
    Duration clockSkew,
    Set<String> algorithms,
    String actorsGroup,
    Duration jwksTtl,
    Clock clock) {

  /** The algorithms accepted unless configured otherwise. */
  public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "ES256", "EdDSA");

  /**
   * Every algorithm that may be configured. Symmetric ones (HS256 …) never: their key would be the
   * published JWKS, so anyone could sign. {@code none} never.
   */
  public static final Set<String> SUPPORTED_ALGORITHMS =
      Set.of(
          "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
          "Ed25519");

  /** The most clock skew that may be configured. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public TokenSettings {
    jwks = required(jwks, "the JWKS location");
    if (jwks.regionMatches(true, 0, "http:", 0, 5)) {
      throw new IllegalArgumentException(
          "the JWKS URL must use https, not http: keys fetched in clear text can be replaced");
    }
    if (jwks.regionMatches(true, 0, "https:", 0, 6)) {
      URI uri = URI.create(jwks);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("the JWKS URL has no host");
      }
    }
    issuer = required(issuer, "the token issuer");
    audience = required(audience, "the token audience");
    groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim.strip();
    clockSkew = Objects.requireNonNullElse(clockSkew, Duration.ofSeconds(60));
    if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new IllegalArgumentException(
          "the clock skew must be between 0 and " + MAX_CLOCK_SKEW.toSeconds() + " seconds");
    }
    algorithms = algorithms == null || algorithms.isEmpty() ? DEFAULT_ALGORITHMS : algorithms;
    Set<String> checked = new LinkedHashSet<>();
    for (String algorithm : algorithms) {
      String name = algorithm.strip();
      if (!SUPPORTED_ALGORITHMS.contains(name)) {
        throw new IllegalArgumentException(
            "the algorithm '"
                + name
                + "' cannot be allowed"
                + (name.toUpperCase(Locale.ROOT).startsWith("HS")
                    ? " (symmetric: the key would be the public JWKS)"
                    : "")
                + ". Allowed: "
                + SUPPORTED_ALGORITHMS.stream().sorted().toList());
      }
      checked.add(name);
    }
    algorithms = Set.copyOf(checked);
    actorsGroup = actorsGroup == null || actorsGroup.isBlank() ? null : actorsGroup.strip();
    jwksTtl = Objects.requireNonNullElse(jwksTtl, Duration.ofMinutes(5));
    if (jwksTtl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("the JWKS cache time must be at least 1 second");
    }
    clock = Objects.requireNonNullElse(clock, Clock.systemUTC());
  }

  /** Starts settings for keys at {@code jwks} (a file path or an https URL). */
  public static Builder builder(String jwks) {
    return new Builder(jwks);
  }

  /** Starts settings for keys in the JWKS file {@code jwks}. */
  public static Builder builder(Path jwks) {
    return new Builder(jwks.toAbsolutePath().normalize().toString());
  }

  /** Whether the keys come from an https URL rather than a file. */
  boolean jwksIsUrl() {
    return jwks.regionMatches(true, 0, "https:", 0, 6);
  }

  private static String required(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
    return value.strip();
  }

  /** Builds {@link TokenSettings}. */
  public static final class Builder {
    private final String jwks;
    private String issuer;
    private String audience;
    private String groupsClaim = "groups";
    private Duration clockSkew = Duration.ofSeconds(60);
    private Set<String> algorithms = DEFAULT_ALGORITHMS;
    private String actorsGroup;
    private Duration jwksTtl = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();

    private Builder(String jwks) {
      this.jwks = jwks;
    }

    public Builder issuer(String value) {
      this.issuer = value;
      return this;
    }

    public Builder audience(String value) {
      this.audience = value;
      return this;
    }

    public Builder groupsClaim(String claim) {
      this.groupsClaim = claim;
      return this;
    }

    public Builder clockSkew(Duration skew) {
      this.clockSkew = skew;
      return this;
    }

    public Builder algorithms(Set<String> names) {
      this.algorithms = names;
      return this;
    }

    public Builder actorsGroup(String group) {
      this.actorsGroup = group;
      return this;
    }

    public Builder jwksTtl(Duration ttl) {
      this.jwksTtl = ttl;
      return this;
    }

    /** The clock tokens are judged at; for tests. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong
     */
    public TokenSettings build() {
      return new TokenSettings(
          jwks, issuer, audience, groupsClaim, clockSkew, algorithms, actorsGroup, jwksTtl, clock);
    }
  }
}
