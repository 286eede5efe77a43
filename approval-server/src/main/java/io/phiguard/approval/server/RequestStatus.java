package io.phiguard.approval.server;

/** Where an approval request stands. */
public enum RequestStatus {
  /** Waiting for votes. */
  PENDING,
  /** Held by an approver for more information; does not expire while held. */
  PAUSED,
  /** Quorum reached; a grant was issued and may be redeemed once before it expires. */
  APPROVED,
  /** An approver said no, with a reason. */
  DENIED,
  /** Nobody decided in time, or the grant was not redeemed in time. */
  EXPIRED,
  /** The grant was used; the statement ran (or was handed to the database) once. */
  REDEEMED;

  /** Whether nothing can change any more. */
  public boolean isFinal() {
    return this == DENIED || this == EXPIRED || this == REDEEMED;
  }
}
