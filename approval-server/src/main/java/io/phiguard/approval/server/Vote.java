package io.phiguard.approval.server;

import java.time.Instant;
import java.util.Objects;

/**
 * One approver's recorded vote; each subject votes at most once per request.
 *
 * @param subject who voted
 * @param decision approve or deny
 * @param reason why; required for a denial
 * @param at when
 * @param channel how the approver was authenticated
 */
public record Vote(String subject, Decision decision, String reason, Instant at, String channel) {
  /** Validates. */
  public Vote {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(channel, "channel");
  }
}
