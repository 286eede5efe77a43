package io.phiguard.approval.server;

import java.util.Objects;
import java.util.Set;

/**
 * Someone who votes, as authenticated: the subject and groups come from a verified token, a
 * configured chat or callback mapping, or (dev mode only) a header.
 *
 * @param subject who
 * @param groups the groups that make them an approver of a rule
 * @param channel how they were authenticated ({@code oidc}, {@code callback}, {@code slack}, {@code
 *     dev})
 */
public record Approver(String subject, Set<String> groups, String channel) {
  /** Validates and copies. */
  public Approver {
    subject = Texts.required(subject, "approver subject", Texts.MAX_NAME);
    groups = Set.copyOf(Objects.requireNonNullElse(groups, Set.of()));
    channel = Objects.requireNonNull(channel, "channel");
  }
}
