package io.phiguard.approval.grant;

/** A grant that cannot be used, with the reason; the message never carries the grant itself. */
public final class GrantException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a grant is refused. */
  public enum Problem {
    /** Not a compact JWS, or not a PhiGuard grant. */
    MALFORMED,
    /** The signature does not verify: tampered, or signed by another key. */
    BAD_SIGNATURE,
    /** Past its expiry. */
    EXPIRED,
    /** Valid, but for another request, identity, datasource, statement or parameter values. */
    MISMATCH
  }

  private final Problem problem;

  /** A refusal for {@code problem}, explained by {@code message}. */
  public GrantException(Problem problem, String message) {
    super(message);
    this.problem = problem;
  }

  /** Why the grant is refused. */
  public Problem problem() {
    return problem;
  }
}
