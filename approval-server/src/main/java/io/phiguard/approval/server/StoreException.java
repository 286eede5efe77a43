package io.phiguard.approval.server;

/** The store cannot be read or written; the message names no request data. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
