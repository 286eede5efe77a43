package io.phiguard.approval.client;

/**
 * The approval server could not be asked, or refused. {@link #unreachable()} tells the two apart:
 * an unreachable server makes the driver fail closed ({@code PH004}); a refusal carries the
 * server's code ({@code grant-redeemed}, {@code expired} …) and message, which never holds SQL
 * values.
 */
public final class ApprovalServerException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String code;

  private ApprovalServerException(String message, int httpStatus, String code, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.code = code;
  }

  /** The server cannot be reached or answered something that is not the API. */
  static ApprovalServerException unreachable(String message, Throwable cause) {
    return new ApprovalServerException(message, 0, "unreachable", cause);
  }

  /** The server answered {@code httpStatus} with an error {@code code}. */
  static ApprovalServerException refused(int httpStatus, String code, String message) {
    return new ApprovalServerException(message, httpStatus, code, null);
  }

  /** Whether the server could not be asked (no answer, 5xx, or not the API). */
  public boolean unreachable() {
    return httpStatus == 0 || httpStatus >= 500;
  }

  /**
   * Whether the server refused this client's token ({@code 401 client-unauthenticated}): missing,
   * wrong, or the server was given another one.
   */
  public boolean clientUnauthenticated() {
    return httpStatus == 401 && "client-unauthenticated".equals(code);
  }

  /** The HTTP status, 0 when there was no answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The server's error code, e.g. {@code grant-redeemed}; {@code unreachable} without answer. */
  public String code() {
    return code;
  }
}
