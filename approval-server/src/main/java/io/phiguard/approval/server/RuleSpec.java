package io.phiguard.approval.server;

import java.util.Set;

/**
 * An approval rule as the server enforces it: who may approve and how many must.
 *
 * @param name the rule's name, as the policy and the driver call it
 * @param quorum how many distinct approvers must approve (at least 1)
 * @param approverGroups groups whose members may vote; at least one
 */
public record RuleSpec(String name, int quorum, Set<String> approverGroups) {
  /** Validates. */
  public RuleSpec {
    name = Texts.required(name, "rule name", Texts.MAX_NAME);
    if (quorum < 1) {
      throw new IllegalArgumentException("rule " + name + ": quorum must be at least 1");
    }
    if (approverGroups == null || approverGroups.isEmpty()) {
      throw new IllegalArgumentException("rule " + name + ": approvers must name a group");
    }
    approverGroups = Set.copyOf(approverGroups);
  }

  /** Whether someone in {@code groups} may vote on this rule's requests. */
  public boolean admits(Set<String> groups) {
    for (String g : groups) {
      if (approverGroups.contains(g)) {
        return true;
      }
    }
    return false;
  }
}
