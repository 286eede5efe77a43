package io.phiguard.audit;

/** A sink could not take or return records (unreachable, full, refused). */
public final class AuditSinkException extends Exception {
  private static final long serialVersionUID = 1L;

  public AuditSinkException(String message) {
    super(message);
  }

  public AuditSinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
