package io.phiguard.approval.server;

import java.net.URI;
import java.util.List;
import java.util.Set;

/** Synthetic requests and rules shared by the tests. */
final class Fixtures {
  static final String SQL_HASH = "a".repeat(64);
  static final String PARAMS = "b".repeat(64);

  private Fixtures() {}

  static ApprovalSettings settings() {
    return ApprovalSettings.of(
        List.of(
            new RuleSpec("schema-change", 1, Set.of("dba")),
            new RuleSpec("bulk-export", 2, Set.of("security", "dba"))),
        URI.create("http://localhost:8470/console"));
  }

  /** An agent acting for the human {@code carol}. */
  static NewRequest agentExport() {
    return new NewRequest(
        new Requester("report-bot", PrincipalKind.AGENT, Set.of("agents"), List.of("carol"), true),
        "postgresql://db/ehr",
        "CREATE TABLE x AS SELECT id, ssn FROM patients WHERE dob > ?",
        "fp-1",
        SQL_HASH,
        PARAMS,
        List.of("patients"),
        List.of("patients.id", "patients.ssn"),
        1200L,
        "bulk-export",
        "quarterly report");
  }

  static NewRequest ddlBy(String subject) {
    return new NewRequest(
        new Requester(subject, PrincipalKind.HUMAN, Set.of(), List.of(), false),
        "postgresql://db/ehr",
        "DROP TABLE visits",
        "fp-2",
        SQL_HASH,
        PARAMS,
        List.of("visits"),
        List.of(),
        null,
        "schema-change",
        null);
  }

  static Approver approver(String subject, String... groups) {
    return new Approver(subject, Set.of(groups), "test");
  }
}
