package io.phiguard.audit;

/**
 * The audit trail cannot take a record, so the statement it describes must not run. The driver maps
 * this to SQLState {@code PH007}. Messages name files and causes, never record contents.
 */
public final class AuditUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public AuditUnavailableException(String message) {
    super(message);
  }

  public AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
