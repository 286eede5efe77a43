package io.phiguard.driver;

import java.util.Properties;

/**
 * Every {@code phiguard.*} connection property. They may be given as connection properties or as
 * URL parameters; PhiGuard removes them before the delegate driver sees the rest.
 */
public enum PhiGuardProperty {
  CONFIG(
      "phiguard.config",
      null,
      "Path of the phiguard.yaml policy file. Precedence: this connection property or URL"
          + " parameter, then the system property phiguard.config, then the environment variable"
          + " PHIGUARD_CONFIG."),
  DELEGATE_DRIVER(
      "phiguard.delegateDriver",
      null,
      "Class name of the delegate java.sql.Driver; default: the first other registered driver"
          + " that accepts the URL."),
  ALLOW_UNWRAP(
      "phiguard.allowUnwrap",
      "false",
      "true lets unwrap() hand out the raw delegate objects, which bypass PhiGuard. Off by"
          + " default."),
  DELEGATE_PASSWORD_FILE(
      "phiguard.delegatePasswordFile",
      null,
      "File holding the delegate database password (first line), so the password stays out of"
          + " the application's configuration."),
  DELEGATE_PASSWORD_ENV(
      "phiguard.delegatePasswordEnv",
      null,
      "Name of an environment variable holding the delegate database password."),
  SUBJECT(
      "phiguard.subject",
      null,
      "Who uses this connection (unverified label: anyone with the URL can set it)."),
  GROUPS("phiguard.groups", null, "Comma-separated groups of the subject (unverified)."),
  AGENT("phiguard.agent", null, "The AI agent or tool acting (unverified)."),
  ON_BEHALF_OF(
      "phiguard.onBehalfOf",
      null,
      "Comma-separated subjects the connection acts for, nearest first (unverified)."),
  PURPOSE("phiguard.purpose", null, "Declared purpose of use, e.g. treatment (unverified)."),
  TOKEN(
      "phiguard.token",
      null,
      "An OIDC/JWT access token: the connection's verified identity. Verified per statement"
          + " (cached until it expires) against phiguard.jwks, phiguard.issuer and"
          + " phiguard.audience; an invalid or expired token fails statements with 28000, never"
          + " connect() or isValid(). Excludes phiguard.tokenFile and phiguard.subject."),
  TOKEN_FILE(
      "phiguard.tokenFile",
      null,
      "File holding the connection's token, read again whenever it changes: for rotated"
          + " service-account tokens (Kubernetes projected volumes, Vault agent)."),
  JWKS(
      "phiguard.jwks",
      null,
      "Where the token signing keys are: a JWKS file path or an https:// URL (e.g. the IdP's"
          + " jwks_uri). Cached for phiguard.jwksTtl; a token with an unknown key id makes it look"
          + " again (a URL at most every 30 s). Only public asymmetric keys are used."),
  ISSUER(
      "phiguard.issuer",
      null,
      "The exact iss a token must carry, e.g. https://example.okta.com/oauth2/default or"
          + " https://login.microsoftonline.com/<tenant>/v2.0. Required with phiguard.jwks."),
  AUDIENCE(
      "phiguard.audience",
      null,
      "A value the token's aud must contain (the API the token is for, e.g. api://phiguard)."
          + " Required with phiguard.jwks."),
  GROUPS_CLAIM(
      "phiguard.groupsClaim",
      "groups",
      "The claim holding the subject's groups: groups (Okta), roles (Entra ID app roles), or a"
          + " dotted path such as realm_access.roles (Keycloak)."),
  CLOCK_SKEW(
      "phiguard.clockSkew",
      "60s",
      "Tolerance for exp and nbf: seconds (60), 60s, 2m or PT1M; at most 5 minutes."),
  ALGORITHMS(
      "phiguard.algorithms",
      "RS256,ES256,EdDSA",
      "Comma-separated JWS algorithms a token may be signed with, from RS256/384/512,"
          + " PS256/384/512, ES256/384/512, EdDSA, Ed25519. Never none, never HS*: the key would"
          + " be the public JWKS."),
  ACTORS_GROUP(
      "phiguard.actorsGroup",
      null,
      "The token group whose members may run PhiGuard.actingAs scopes for other identities on a"
          + " connection with a token (the token's subject is recorded as the acting agent)."
          + " Unset: a verified token identity cannot be replaced by a scope."),
  JWKS_TTL(
      "phiguard.jwksTtl",
      "5m",
      "How long loaded keys are used before phiguard.jwks is read again (same formats as"
          + " phiguard.clockSkew).");

  /** Every PhiGuard property starts with this. */
  public static final String PREFIX = "phiguard.";

  private final String key;
  private final String defaultValue;
  private final String description;

  PhiGuardProperty(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The property name, e.g. {@code phiguard.config}. */
  public String key() {
    return key;
  }

  /** The default, or null. */
  public String defaultValue() {
    return defaultValue;
  }

  /** What the property does. */
  public String description() {
    return description;
  }

  /** The value in {@code properties}, or the default. */
  public String get(Properties properties) {
    String value = properties.getProperty(key);
    return value == null || value.isBlank() ? defaultValue : value.strip();
  }

  /**
   * Whether {@code key} is in PhiGuard's name space, in any case: {@code PHIGUARD.CONFIG} must be
   * rejected as unknown, not ignored or passed to the delegate.
   */
  public static boolean isPhiGuardKey(String key) {
    return key != null && key.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  /** The property named {@code key}, or null. */
  public static PhiGuardProperty forKey(String key) {
    for (PhiGuardProperty property : values()) {
      if (property.key.equals(key)) {
        return property;
      }
    }
    return null;
  }
}
