package io.phiguard.audit;

import java.util.List;
import java.util.Objects;

/**
 * Who a statement ran for, as the driver established it.
 *
 * @param subject the principal's stable identifier (e.g. the token's {@code sub})
 * @param type human, agent or service
 * @param groups groups or roles, in the order given
 * @param onBehalfOf the delegation chain, nearest first (e.g. the human an agent acts for)
 * @param verified whether a validated token established the identity
 * @param source where the identity came from (e.g. {@code token}, {@code scope}, {@code
 *     properties})
 */
public record AuditIdentity(
    String subject,
    PrincipalType type,
    List<String> groups,
    List<String> onBehalfOf,
    boolean verified,
    String source) {

  /** Copies the lists; null lists become empty ones. */
  public AuditIdentity {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(type, "type");
    groups = groups == null ? List.of() : List.copyOf(groups);
    onBehalfOf = onBehalfOf == null ? List.of() : List.copyOf(onBehalfOf);
  }

  /** An identity with no groups and no delegation. */
  public static AuditIdentity of(
      String subject, PrincipalType type, boolean verified, String source) {
    return new AuditIdentity(subject, type, List.of(), List.of(), verified, source);
  }

  @Override
  public String toString() {
    return "AuditIdentity[" + type + (verified ? ", verified" : ", unverified") + "]";
  }
}
