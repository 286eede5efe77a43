package io.phiguard.driver;

import io.phiguard.policy.ApprovalTrigger;
import io.phiguard.policy.MaskFunction;
import io.phiguard.policy.Policy;
import io.phiguard.policy.PolicyException;
import io.phiguard.policy.ProtectedColumn;
import io.phiguard.policy.ProtectedTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * Fails closed on a policy this version cannot enforce. The policy file is validated in full, but
 * approval rules on row counts ({@code rows > N}: planner estimates and the row cap) are not wired
 * into the gate yet; running an enforcing policy with them as if they were enforced would run
 * statements that need approval, so such a policy refuses to connect, as does one whose {@code
 * hash-key} cannot be read. {@code mode: report} runs (enforcing nothing, as it says) with a
 * warning.
 */
final class EnforcementSupport {
  private static final Logger LOG = Logger.getLogger("io.phiguard");

  private EnforcementSupport() {}

  private static boolean usesHash(Policy policy) {
    for (ProtectedTable table : policy.protect()) {
      for (ProtectedColumn column : table.columns()) {
        if (column.mask().function() == MaskFunction.HASH) {
          return true;
        }
      }
    }
    return false;
  }

  static void check(Policy policy) throws SQLException {
    List<String> unenforceable = new ArrayList<>();
    if (policy.mode() == Policy.Mode.ENFORCE && usesHash(policy)) {
      // a key that cannot be read would refuse every statement that reads a hashed column: say so
      // once, at connect, where a configuration error belongs
      try {
        Arrays.fill(policy.hashKey().orElseThrow().resolve(), (byte) 0);
      } catch (PolicyException | RuntimeException e) {
        throw PhiGuardErrors.of(
            SqlState.CONFIG_INVALID,
            policy.fileName()
                + " masks columns with hash, but its hash-key cannot be read: "
                + e.getMessage());
      }
    }
    List<String> rowRules =
        policy.approvals().rules().stream()
            .filter(r -> r.trigger().kind() == ApprovalTrigger.Kind.ROWS)
            .map(r -> r.name() + " (" + r.trigger() + ")")
            .toList();
    if (!rowRules.isEmpty()) {
      // planner estimates and the row cap are not built yet: ddl, role, export and
      // unbounded-write rules are enforced
      unenforceable.add("approval rules on row counts: " + String.join(", ", rowRules));
    }
    if (unenforceable.isEmpty()) {
      return;
    }
    String what = String.join(" and ", unenforceable);
    if (policy.mode() == Policy.Mode.REPORT) {
      LOG.warning(
          () ->
              "PhiGuard: "
                  + policy.fileName()
                  + " is in report mode: "
                  + what
                  + " is validated but not enforced");
      return;
    }
    throw PhiGuardErrors.of(
        SqlState.CONFIG_INVALID,
        policy.fileName()
            + " asks for "
            + what
            + ", which this PhiGuard version validates but"
            + " cannot enforce yet; it refuses to connect rather than return unprotected data."
            + " Set mode: report to try the policy without enforcement");
  }
}
