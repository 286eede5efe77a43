package io.phiguard.audit;

/** The gate's verdict as recorded in the audit trail. */
public enum AuditDecision {
  ALLOW,
  MASK,
  NEEDS_APPROVAL,
  DENY
}
