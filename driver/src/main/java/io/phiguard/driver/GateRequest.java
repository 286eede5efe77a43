package io.phiguard.driver;

import io.phiguard.policy.Identity;

/**
 * One statement at the gate.
 *
 * @param operation the JDBC call
 * @param sql the SQL text the application passed; may carry PHI literals, so it is never logged
 * @param analysedSql {@code sql} with JDBC escapes expanded for the dialect (the same text when
 *     escape processing is off or there is none)
 * @param identity the effective identity at this moment
 * @param connection the connection it runs on
 * @param startedNanos when it reached the gate ({@link System#nanoTime()})
 */
public record GateRequest(
    Operation operation,
    String sql,
    String analysedSql,
    Identity identity,
    ConnectionInfo connection,
    long startedNanos) {

  /** A request starting now ({@link System#nanoTime()}), for the outcome's duration. */
  public GateRequest(
      Operation operation,
      String sql,
      String analysedSql,
      Identity identity,
      ConnectionInfo connection) {
    this(operation, sql, analysedSql, identity, connection, System.nanoTime());
  }

  @Override
  public String toString() {
    // never the SQL: it can carry PHI literals
    return "GateRequest["
        + operation
        + ", "
        + identity
        + ", connection "
        + connection.connectionId()
        + "]";
  }
}
