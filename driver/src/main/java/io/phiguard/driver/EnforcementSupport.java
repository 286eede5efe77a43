package io.phiguard.driver;

import io.phiguard.policy.MaskFunction;
import io.phiguard.policy.Policy;
import io.phiguard.policy.PolicyException;
import io.phiguard.policy.ProtectedColumn;
import io.phiguard.policy.ProtectedTable;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Fails closed on a policy whose {@code hash-key} or {@code approvals.client-token} cannot be read:
 * it refuses to connect.
 */
final class EnforcementSupport {
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
    if (policy.mode() == Policy.Mode.ENFORCE
        && !policy.approvals().rules().isEmpty()
        && policy.approvals().clientToken().isPresent()) {
      // without its token no statement needing approval could ever run: refuse at connect
      try {
        ApprovalWaiter.clientToken(policy.approvals());
      } catch (PolicyException | RuntimeException e) {
        throw PhiGuardErrors.of(
            SqlState.CONFIG_INVALID,
            policy.fileName()
                + " has approval rules, but its approvals.client-token cannot be read: "
                + e.getMessage());
      }
    }
  }
}
