package io.phiguard.audit;

/** The coarse class of a statement, as the gate determined it. */
public enum StatementClass {
  READ,
  WRITE,
  DDL,
  ROLE,
  FUNCTION,
  MISC
}
