package io.phiguard.audit;

/** The kind of principal an {@link AuditIdentity} names. */
public enum PrincipalType {
  HUMAN,
  AGENT,
  SERVICE,
  UNKNOWN
}
