package io.phiguard.policy;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A class of statements that waits for a human's approval.
 *
 * @param name the rule's name, unique in the policy; appears in errors, requests and audit records
 * @param trigger when it applies
 * @param quorum how many distinct approvers must approve (at least 1)
 * @param approvers groups (from the approver's verified token) whose members may approve
 * @param tables tables it is limited to; empty: every table
 * @param location where it is declared
 */
public record ApprovalRule(
    String name,
    ApprovalTrigger trigger,
    int quorum,
    Set<String> approvers,
    List<QualifiedName> tables,
    SourceLocation location) {

  public ApprovalRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(trigger, "trigger");
    approvers = Set.copyOf(approvers);
    tables = List.copyOf(tables);
    Objects.requireNonNull(location, "location");
    if (quorum < 1) {
      throw new IllegalArgumentException("quorum must be at least 1");
    }
    if (approvers.isEmpty()) {
      throw new IllegalArgumentException("an approval rule needs approvers");
    }
  }

  /**
   * Whether the rule is limited to tables that include {@code databaseSchema.databaseTable}; true
   * for a rule without {@code tables}. A {@code null} schema (unknown) matches pinned names too.
   */
  public boolean coversTable(String databaseSchema, String databaseTable) {
    return tables.isEmpty()
        || tables.stream()
            .anyMatch(
                t ->
                    databaseSchema == null
                        ? t.name().matches(databaseTable)
                        : t.matches(databaseSchema, databaseTable));
  }
}
