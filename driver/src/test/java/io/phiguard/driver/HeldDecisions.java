package io.phiguard.driver;

import io.phiguard.policy.Identity;
import io.phiguard.rewrite.Dialect;
import io.phiguard.rewrite.ParameterMap;
import java.util.List;

/**
 * Gate decisions an approval waiter is handed: an agent's export held under {@code bulk-export}.
 */
final class HeldDecisions {
  private HeldDecisions() {}

  /** {@code sql} by {@code report-bot} for alice, held under rule {@code bulk-export}. */
  static GateDecision export(long id, String sql) {
    GateRequest request =
        new GateRequest(
            Operation.EXECUTE,
            sql,
            sql,
            Identity.of("report-bot").agent("report-bot").onBehalfOf("alice").build(),
            new ConnectionInfo(1, "postgresql://127.0.0.1/ehr", Dialect.POSTGRESQL));
    return new GateDecision(
        id,
        sql,
        "bulk-export",
        request,
        GateDecision.Action.ALLOW,
        List.of("public.patients"),
        List.of(),
        ParameterMap.identity(),
        ResultMasks.NONE,
        "bulk-export",
        null,
        null,
        List.of("patients.ssn"));
  }
}
