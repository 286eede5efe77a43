package io.phiguard.policy;

import java.util.Objects;
import java.util.Set;

/**
 * Identities an approval rule does not apply to, e.g. the migration tool for {@code ddl}; their
 * statements are still audited, as exempted.
 *
 * <p>Like an unmask rule, an exemption applies only to identities something vouches for (a
 * validated token, or the embedding application), unless {@link #allowUnverified} is set: otherwise
 * anyone could type the migrator's name into the connection properties.
 *
 * @param rule the name of the approval rule
 * @param subjects the subjects exempted
 * @param allowUnverified whether identities from connection properties are exempted too
 * @param location where it is declared
 */
public record ApprovalExemption(
    String rule, Set<String> subjects, boolean allowUnverified, SourceLocation location) {

  public ApprovalExemption {
    Objects.requireNonNull(rule, "rule");
    subjects = Set.copyOf(subjects);
    Objects.requireNonNull(location, "location");
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("an exemption needs subjects");
    }
  }

  /** Whether {@code identity} is exempt from the rule named {@link #rule}. */
  public boolean exempts(Identity identity) {
    if (identity.isNone() || (!UnmaskRule.isTrusted(identity) && !allowUnverified)) {
      return false;
    }
    return subjects.contains(identity.subject());
  }
}
