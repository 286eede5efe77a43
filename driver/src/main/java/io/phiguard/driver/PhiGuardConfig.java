package io.phiguard.driver;

import io.phiguard.policy.Identity;
import io.phiguard.policy.Policy;
import io.phiguard.policy.PolicyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * PhiGuard's settings for one data source: validated once, then frozen. Built from {@code
 * phiguard.*} properties by the driver, or with {@link #builder()} for {@link
 * PhiGuardDataSource#wrap}.
 */
public final class PhiGuardConfig {
  private final Path policyFile;
  private final Policy policy;
  private final String delegateDriver;
  private final boolean allowUnwrap;
  private final GateListener listener;
  private final Identity connectionIdentity;
  private final TokenSettings tokenSettings;
  private final ConnectionToken connectionToken;

  private PhiGuardConfig(Builder b) {
    this.policyFile = b.policyFile;
    this.policy = b.policy;
    this.delegateDriver = b.delegateDriver;
    this.allowUnwrap = b.allowUnwrap;
    this.listener = b.listener;
    this.connectionIdentity = b.connectionIdentity;
    this.tokenSettings = b.tokenSettings;
    this.connectionToken = b.connectionToken;
  }

  /** A builder with the defaults: no policy file, unwrap refused, no listener, no identity. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads and validates the {@code phiguard.*} entries of {@code properties}.
   *
   * @param environment the process environment (for {@code PHIGUARD_CONFIG})
   * @param system the system properties (for {@code phiguard.config})
   * @throws SQLException {@code F0000} naming the property and what is wrong with it
   */
  static PhiGuardConfig fromProperties(
      Properties properties, Map<String, String> environment, Properties system)
      throws SQLException {
    for (String key : properties.stringPropertyNames()) {
      if (PhiGuardProperty.isPhiGuardKey(key) && PhiGuardProperty.forKey(key) == null) {
        throw invalid(
            "unknown property '"
                + key
                + "'. Known: "
                + Arrays.stream(PhiGuardProperty.values()).map(PhiGuardProperty::key).toList());
      }
    }
    Builder b = builder();
    String config = PhiGuardProperty.CONFIG.get(properties);
    String origin = "connection property " + PhiGuardProperty.CONFIG.key();
    if (config == null) {
      config = blankToNull(system.getProperty(PhiGuardProperty.CONFIG.key()));
      origin = "system property " + PhiGuardProperty.CONFIG.key();
    }
    if (config == null) {
      config = blankToNull(environment.get("PHIGUARD_CONFIG"));
      origin = "environment variable PHIGUARD_CONFIG";
    }
    if (config != null) {
      Path path = Path.of(config).toAbsolutePath().normalize();
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        throw invalid(
            "the policy file "
                + path
                + " (from the "
                + origin
                + ") does not exist or cannot be"
                + " read. Point "
                + PhiGuardProperty.CONFIG.key()
                + " at a readable phiguard.yaml");
      }
      b.policyFile = path;
      try {
        b.policy = PolicyCache.load(path);
        EnforcementSupport.check(b.policy);
      } catch (PolicyException e) {
        // file:line:column: what is wrong. How to fix it.
        throw invalid(e.getMessage());
      }
    }
    b.delegateDriver(PhiGuardProperty.DELEGATE_DRIVER.get(properties));
    b.allowUnwrap(bool(properties, PhiGuardProperty.ALLOW_UNWRAP));
    b.connectionIdentity(identity(properties));
    tokens(properties, b);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  /** {@code phiguard.token}/{@code tokenFile} and the settings that verify them. */
  private static void tokens(Properties properties, Builder b) throws SQLException {
    String token = PhiGuardProperty.TOKEN.get(properties);
    String tokenFile = PhiGuardProperty.TOKEN_FILE.get(properties);
    if (token != null && tokenFile != null) {
      throw invalid(
          "set only one of "
              + PhiGuardProperty.TOKEN.key()
              + " and "
              + PhiGuardProperty.TOKEN_FILE.key());
    }
    List<PhiGuardProperty> settingKeys =
        List.of(
            PhiGuardProperty.JWKS,
            PhiGuardProperty.ISSUER,
            PhiGuardProperty.AUDIENCE,
            PhiGuardProperty.GROUPS_CLAIM,
            PhiGuardProperty.CLOCK_SKEW,
            PhiGuardProperty.ALGORITHMS,
            PhiGuardProperty.ACTORS_GROUP,
            PhiGuardProperty.JWKS_TTL);
    boolean anySetting =
        settingKeys.stream().anyMatch(p -> blankToNull(properties.getProperty(p.key())) != null);
    if (anySetting || token != null || tokenFile != null) {
      if (PhiGuardProperty.JWKS.get(properties) == null) {
        throw invalid(
            "tokens need "
                + PhiGuardProperty.JWKS.key()
                + " (a JWKS file or https URL), "
                + PhiGuardProperty.ISSUER.key()
                + " and "
                + PhiGuardProperty.AUDIENCE.key());
      }
      try {
        b.tokenSettings(
            TokenSettings.builder(PhiGuardProperty.JWKS.get(properties))
                .issuer(PhiGuardProperty.ISSUER.get(properties))
                .audience(PhiGuardProperty.AUDIENCE.get(properties))
                .groupsClaim(PhiGuardProperty.GROUPS_CLAIM.get(properties))
                .clockSkew(duration(properties, PhiGuardProperty.CLOCK_SKEW))
                .algorithms(Set.copyOf(list(PhiGuardProperty.ALGORITHMS.get(properties))))
                .actorsGroup(PhiGuardProperty.ACTORS_GROUP.get(properties))
                .jwksTtl(duration(properties, PhiGuardProperty.JWKS_TTL))
                .build());
      } catch (IllegalArgumentException e) {
        throw invalid(e.getMessage());
      }
    }
    if (token != null) {
      b.token(token);
    } else if (tokenFile != null) {
      b.tokenFile(Path.of(tokenFile));
    }
  }

  /** {@code 60}, {@code 60s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT1M}). */
  static Duration duration(Properties properties, PhiGuardProperty property) throws SQLException {
    String value = property.get(properties).toLowerCase(Locale.ROOT);
    try {
      if (value.startsWith("pt")) {
        return Duration.parse(value);
      }
      char unit = value.charAt(value.length() - 1);
      if (Character.isDigit(unit)) {
        return Duration.ofSeconds(Long.parseLong(value));
      }
      long amount = Long.parseLong(value.substring(0, value.length() - 1).strip());
      return switch (unit) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        default -> throw new NumberFormatException();
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw invalid(
          property.key() + " must be a duration such as 60s, 2m or PT1M, not '" + value + "'");
    }
  }

  private static Identity identity(Properties properties) throws SQLException {
    String subject = PhiGuardProperty.SUBJECT.get(properties);
    List<PhiGuardProperty> others =
        List.of(
            PhiGuardProperty.GROUPS,
            PhiGuardProperty.AGENT,
            PhiGuardProperty.ON_BEHALF_OF,
            PhiGuardProperty.PURPOSE);
    if (subject == null) {
      for (PhiGuardProperty other : others) {
        if (other.get(properties) != null) {
          throw invalid(
              other.key()
                  + " is set but "
                  + PhiGuardProperty.SUBJECT.key()
                  + " is not. Set "
                  + PhiGuardProperty.SUBJECT.key()
                  + " to who uses the"
                  + " connection");
        }
      }
      return Identity.none();
    }
    return new Identity(
        subject,
        Set.copyOf(list(PhiGuardProperty.GROUPS.get(properties))),
        PhiGuardProperty.AGENT.get(properties),
        list(PhiGuardProperty.ON_BEHALF_OF.get(properties)),
        PhiGuardProperty.PURPOSE.get(properties),
        false,
        Identity.Source.CONNECTION_PROPERTIES);
  }

  private static List<String> list(String commaSeparated) {
    if (commaSeparated == null) {
      return List.of();
    }
    return Arrays.stream(commaSeparated.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .distinct()
        .toList();
  }

  private static boolean bool(Properties properties, PhiGuardProperty property)
      throws SQLException {
    String value = property.get(properties).toLowerCase(Locale.ROOT);
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(property.key() + " must be true or false, not '" + value + "'");
    };
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static SQLException invalid(String message) {
    return PhiGuardErrors.of(SqlState.CONFIG_INVALID, "invalid configuration: " + message);
  }

  /** The policy file, or null when none is configured. */
  public Path policyFile() {
    return policyFile;
  }

  /** The loaded policy, or null when no policy file is configured. */
  public Policy policy() {
    return policy;
  }

  /** The delegate driver class name, or null to take the first driver accepting the URL. */
  public String delegateDriver() {
    return delegateDriver;
  }

  /** Whether {@code unwrap} may hand out raw delegate objects. */
  public boolean allowUnwrap() {
    return allowUnwrap;
  }

  /** The listener told of every decision. */
  public GateListener listener() {
    return listener;
  }

  /** The identity given by connection properties, or {@link Identity#none()}. */
  public Identity connectionIdentity() {
    return connectionIdentity;
  }

  /** How tokens are verified, or null when no token settings are configured. */
  public TokenSettings tokenSettings() {
    return tokenSettings;
  }

  /** The verifier for {@link #tokenSettings()}, or null. */
  TokenVerifier tokenVerifier() {
    return tokenSettings == null ? null : TokenVerifier.of(tokenSettings);
  }

  /** The connection's token ({@code phiguard.token} or {@code phiguard.tokenFile}), or null. */
  ConnectionToken connectionToken() {
    return connectionToken;
  }

  @Override
  public String toString() {
    // never the token itself
    return "PhiGuardConfig[policyFile="
        + policyFile
        + ", allowUnwrap="
        + allowUnwrap
        + ", connectionIdentity="
        + (connectionToken == null ? connectionIdentity : connectionToken)
        + (tokenSettings == null ? "" : ", tokenIssuer=" + tokenSettings.issuer())
        + "]";
  }

  /** Builds a {@link PhiGuardConfig}. */
  public static final class Builder {
    private Path policyFile;
    private Policy policy;
    private String delegateDriver;
    private boolean allowUnwrap;
    private GateListener listener = GateListener.NONE;
    private Identity connectionIdentity = Identity.none();
    private TokenSettings tokenSettings;
    private ConnectionToken connectionToken;

    private Builder() {}

    /**
     * Loads and validates the policy file now.
     *
     * @throws IllegalArgumentException with {@code file:line:column: problem. Fix} when it is
     *     invalid
     */
    public Builder policyFile(Path path) {
      Path absolute = path.toAbsolutePath().normalize();
      try {
        this.policy = PolicyCache.load(absolute);
        EnforcementSupport.check(policy);
      } catch (PolicyException | SQLException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      this.policyFile = absolute;
      return this;
    }

    /**
     * A policy loaded elsewhere.
     *
     * @throws IllegalArgumentException when this version cannot enforce it
     */
    public Builder policy(Policy loaded) {
      try {
        EnforcementSupport.check(loaded);
      } catch (SQLException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      this.policy = loaded;
      return this;
    }

    public Builder delegateDriver(String className) {
      this.delegateDriver = className;
      return this;
    }

    /** Lets {@code unwrap} hand out raw delegate objects, which bypass PhiGuard. */
    public Builder allowUnwrap(boolean allow) {
      this.allowUnwrap = allow;
      return this;
    }

    public Builder listener(GateListener gateListener) {
      this.listener = java.util.Objects.requireNonNull(gateListener, "listener");
      return this;
    }

    /** The identity of connections that run outside any {@link PhiGuard#actingAs} scope. */
    public Builder connectionIdentity(Identity identity) {
      this.connectionIdentity = java.util.Objects.requireNonNull(identity, "identity");
      return this;
    }

    /**
     * How tokens are verified: for {@link #token}, {@link #tokenFile} and {@link
     * PhiGuard#actingAsToken} scopes.
     */
    public Builder tokenSettings(TokenSettings settings) {
      this.tokenSettings = java.util.Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The connection's token: its verified identity, checked per statement. Needs {@link
     * #tokenSettings}; excludes {@link #connectionIdentity} and {@link #tokenFile}.
     */
    public Builder token(String token) {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("the token is blank");
      }
      this.connectionToken = ConnectionToken.of(token);
      return this;
    }

    /** A file holding the connection's token, read again whenever it changes. */
    public Builder tokenFile(Path file) {
      this.connectionToken = ConnectionToken.file(file);
      return this;
    }

    /**
     * @throws IllegalArgumentException when a token is given without token settings, or together
     *     with a connection identity
     */
    public PhiGuardConfig build() {
      if (connectionToken != null && tokenSettings == null) {
        throw new IllegalArgumentException(
            "a connection token needs token settings: set "
                + PhiGuardProperty.JWKS.key()
                + ", "
                + PhiGuardProperty.ISSUER.key()
                + " and "
                + PhiGuardProperty.AUDIENCE.key());
      }
      if (connectionToken != null && !connectionIdentity.isNone()) {
        throw new IllegalArgumentException(
            "set either a token or "
                + PhiGuardProperty.SUBJECT.key()
                + " (and friends), not both: the token names the subject");
      }
      return new PhiGuardConfig(this);
    }
  }
}
