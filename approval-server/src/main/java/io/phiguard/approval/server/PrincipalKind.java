package io.phiguard.approval.server;

import java.util.Locale;

/** What kind of caller asks: a person, an AI agent or a service account. */
public enum PrincipalKind {
  HUMAN,
  AGENT,
  SERVICE;

  /** The kind named {@code name} ({@code human}, {@code agent}, {@code service}). */
  public static PrincipalKind parse(String name) {
    if (name == null) {
      throw new IllegalArgumentException("the requester type is required (human, agent, service)");
    }
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown requester type (expected human, agent or service)", e);
    }
  }

  /** The lower-case name used on the wire. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
