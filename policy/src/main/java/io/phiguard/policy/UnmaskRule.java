package io.phiguard.policy;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who may see raw values of protected tables.
 *
 * <p>A rule applies to an identity when every condition it gives holds: the identity is in one of
 * {@link #groups}, its subject is one of {@link #subjects}, its purpose is one of {@link #purposes}
 * (an empty set is no condition; names compare exactly). It never applies to {@link
 * Identity#none()}, and it applies to an unverified identity from connection properties only when
 * {@link #allowUnverified} is set: anyone holding the JDBC URL can type those.
 *
 * @param groups groups, one of which the identity must be in; empty: any
 * @param subjects subjects, one of which the identity must be; empty: any
 * @param purposes purposes of use, one of which the identity must declare; empty: any
 * @param tables the protected tables it unmasks; empty: all of them
 * @param allowUnverified whether it also applies to identities nothing vouches for
 * @param location where it is declared
 */
public record UnmaskRule(
    Set<String> groups,
    Set<String> subjects,
    Set<String> purposes,
    List<QualifiedName> tables,
    boolean allowUnverified,
    SourceLocation location) {

  public UnmaskRule {
    groups = Set.copyOf(groups);
    subjects = Set.copyOf(subjects);
    purposes = Set.copyOf(purposes);
    tables = List.copyOf(tables);
    Objects.requireNonNull(location, "location");
    if (groups.isEmpty() && subjects.isEmpty()) {
      // a rule for everybody would unmask for every caller: say so explicitly by removing the table
      throw new IllegalArgumentException("an unmask rule needs groups or subjects");
    }
  }

  /** Whether this rule lets {@code identity} see raw values (of the tables it {@link #covers}). */
  public boolean appliesTo(Identity identity) {
    if (identity.isNone()) {
      return false;
    }
    if (!isTrusted(identity) && !allowUnverified) {
      return false;
    }
    return (groups.isEmpty() || groups.stream().anyMatch(identity::inGroup))
        && (subjects.isEmpty() || subjects.contains(identity.subject()))
        && (purposes.isEmpty() || purposes.contains(identity.purpose()));
  }

  /** Whether this rule unmasks {@code table}. */
  public boolean covers(ProtectedTable table) {
    return tables.isEmpty() || tables.stream().anyMatch(t -> t.covers(table.name()));
  }

  /**
   * Whether something vouches for the identity: a validated token, or the embedding application
   * asserting it through {@code PhiGuard.actingAs}. A token-sourced identity that is not verified
   * counts as untrusted (fail closed).
   */
  static boolean isTrusted(Identity identity) {
    return identity.verified() || identity.source() == Identity.Source.APPLICATION;
  }
}
