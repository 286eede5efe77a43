package io.phiguard.driver;

import io.phiguard.policy.Identity;
import io.phiguard.policy.Policy;
import io.phiguard.policy.PolicyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
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

  private PhiGuardConfig(Builder b) {
    this.policyFile = b.policyFile;
    this.policy = b.policy;
    this.delegateDriver = b.delegateDriver;
    this.allowUnwrap = b.allowUnwrap;
    this.listener = b.listener;
    this.connectionIdentity = b.connectionIdentity;
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
    return b.build();
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

  @Override
  public String toString() {
    return "PhiGuardConfig[policyFile="
        + policyFile
        + ", allowUnwrap="
        + allowUnwrap
        + ", connectionIdentity="
        + connectionIdentity
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

    public PhiGuardConfig build() {
      return new PhiGuardConfig(this);
    }
  }
}
