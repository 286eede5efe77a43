package io.phiguard.approval.server;

/**
 * Told about stored changes, after they are stored: notifications hang off this. Implementations
 * must return quickly (queue work elsewhere) and must not throw.
 */
public interface ApprovalEvents {
  /** No one listens. */
  ApprovalEvents NONE = new ApprovalEvents() {};

  /** A request was created. */
  default void created(ApprovalRequest request) {}

  /** A request changed (vote, decision, pause, resume, expiry, redemption). */
  default void changed(ApprovalRequest request) {}
}
