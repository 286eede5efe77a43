package io.phiguard.rewrite;

/** The class of one SQL statement, as policy rules and the audit name it. */
public enum StatementKind {
  SELECT,
  INSERT,
  UPDATE,
  DELETE,
  /** {@code MERGE}, H2 {@code MERGE INTO … KEY}, and inserts that update on conflict. */
  MERGE,
  /** Data definition: CREATE, ALTER, DROP, TRUNCATE, COMMENT, RENAME … */
  DDL,
  /** Access control: GRANT, REVOKE, roles and users. */
  DCL,
  /** Routine calls: {@code CALL}, {@code EXEC}, {@code DO}. */
  CALL,
  /** Session and transaction control: SET, SHOW, USE, BEGIN/COMMIT/ROLLBACK, SAVEPOINT … */
  UTILITY,
  /** Anything else the parser recognised; never fully analysed. */
  OTHER
}
