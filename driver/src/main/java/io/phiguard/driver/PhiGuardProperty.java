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
  PURPOSE("phiguard.purpose", null, "Declared purpose of use, e.g. treatment (unverified).");

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
