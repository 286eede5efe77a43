package io.phiguard.approval.server;

/**
 * Why the server refuses an action, as a typed result. The message names the rule and the request
 * id where there is one, says what to do, and never carries SQL values.
 *
 * @param kind the category, which fixes the HTTP status
 * @param message a sentence for the caller
 */
public record Refusal(Kind kind, String message) {

  /** Categories of refusal and their HTTP status. */
  public enum Kind {
    INVALID(400),
    UNAUTHENTICATED(401),
    CLIENT_UNAUTHENTICATED(401),
    NOT_AN_APPROVER(403),
    SELF_APPROVAL(403),
    UNKNOWN_REQUEST(404),
    ALREADY_VOTED(409),
    NOT_PENDING(409),
    GRANT_REDEEMED(409),
    CONFLICT(409),
    EXPIRED(410),
    UNKNOWN_RULE(422),
    REASON_REQUIRED(422),
    GRANT_INVALID(422),
    UNAVAILABLE(503);

    private final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** The HTTP status this refusal is answered with. */
    public int httpStatus() {
      return httpStatus;
    }

    /** The lower-case code used on the wire. */
    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** A refusal about request {@code request}. */
  static Refusal about(ApprovalRequest request, Kind kind, String what) {
    return new Refusal(
        kind, "approval request " + request.id() + " (rule " + request.rule() + "): " + what);
  }
}
