package io.phiguard.driver;

/**
 * Every SQLState PhiGuard itself reports; documented in the README. Vendor errors keep their own.
 *
 * <p>No policy outcome uses class {@code 08}, {@code 0A000} or {@code 57P0x}: connection pools
 * (HikariCP) evict the connection on those, and a refused statement is not a broken connection.
 */
public enum SqlState {
  /** Denied by policy, including a refused {@code unwrap} or JDBC 4.3 builder. */
  POLICY_DENIED("42501"),
  /** A statement that needs analysis cannot be analysed (e.g. a malformed JDBC escape). */
  CANNOT_ANALYSE("42601"),
  /** Unknown, invalid or expired identity or token. */
  INVALID_IDENTITY("28000"),
  /** Approval required; the request is pending. */
  APPROVAL_PENDING("PH001"),
  /** Approval denied. */
  APPROVAL_DENIED("PH002"),
  /** Approval request or grant expired. */
  APPROVAL_EXPIRED("PH003"),
  /** The approval service is unreachable; a statement that needs approval is refused. */
  APPROVAL_UNREACHABLE("PH004"),
  /** A grant is invalid: tampered, replayed, or for another statement, parameters or identity. */
  GRANT_INVALID("PH005"),
  /** The row cap of a protected read was reached. */
  ROW_CAP_REACHED("PH006"),
  /** The audit record cannot be written; the statement was refused. */
  AUDIT_UNAVAILABLE("PH007"),
  /** PhiGuard's configuration is missing or invalid. */
  CONFIG_INVALID("F0000"),
  /** No delegate driver accepts the URL, or the delegate cannot connect. */
  CANNOT_CONNECT("08001"),
  /** The connection is closed. */
  CONNECTION_CLOSED("08003"),
  /** The statement or result set is closed (the state pgjdbc uses). */
  OBJECT_CLOSED("55000");

  private final String code;

  SqlState(String code) {
    this.code = code;
  }

  /** The five-character SQLState. */
  public String code() {
    return code;
  }
}
