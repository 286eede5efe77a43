package io.phiguard.approval.server;

import java.util.Locale;

/** An approver's answer. */
public enum Decision {
  APPROVE,
  DENY;

  /** {@code approve} or {@code deny}. */
  public static Decision parse(String value) {
    if (value != null) {
      switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "approve":
          return APPROVE;
        case "deny":
          return DENY;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("decision must be \"approve\" or \"deny\"");
  }

  /** The lower-case name used on the wire. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
