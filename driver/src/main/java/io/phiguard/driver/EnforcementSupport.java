package io.phiguard.driver;

import io.phiguard.policy.ApprovalTrigger;
import io.phiguard.policy.Policy;
import io.phiguard.policy.ProtectedColumn;
import io.phiguard.policy.ProtectedTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Fails closed on a policy this version cannot enforce. The policy file is validated in full, but
 * result-set masks and {@code rows > N} approval rules are not wired into the gate yet; running an
 * enforcing policy that protects tables as if it were enforced would hand out raw PHI, so such a
 * policy refuses to connect. {@code mode: report} runs (enforcing nothing, as it says) with a
 * warning.
 */
final class EnforcementSupport {
  private static final Logger LOG = Logger.getLogger("io.phiguard");

  private EnforcementSupport() {}

  static void check(Policy policy) throws SQLException {
    List<String> unenforceable = new ArrayList<>();
    List<String> resultSetMasks = new ArrayList<>();
    for (ProtectedTable table : policy.protect()) {
      for (ProtectedColumn column : table.columns()) {
        if (!column.mask().function().runsInSql()) {
          resultSetMasks.add(
              table + "." + column.name() + ": " + column.mask().function().yamlName());
        }
      }
    }
    if (!resultSetMasks.isEmpty()) {
      unenforceable.add(
          "masks computed in the result set (" + String.join(", ", resultSetMasks) + ")");
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
