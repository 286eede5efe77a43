package io.phiguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.rewrite.Catalog;
import io.phiguard.rewrite.ColumnDef;
import io.phiguard.rewrite.Dialect;
import io.phiguard.rewrite.NameRules;
import io.phiguard.rewrite.SqlAnalyzer;
import io.phiguard.rewrite.TableDef;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Approval triggers as the judge decides them: rule, tables filter, exemption, no rule. */
class ApprovalJudgeTest {

  private static final Catalog CATALOG =
      Catalog.builder(NameRules.of(Dialect.POSTGRESQL))
          .table(
              TableDef.builder("public", "patients")
                  .column("id", Types.INTEGER, "int4")
                  .column(new ColumnDef("ssn", Types.VARCHAR, "varchar", 11))
                  .column(new ColumnDef("ward", Types.VARCHAR, "varchar", 20))
                  .primaryKey(List.of("id"))
                  .build())
          .table(
              TableDef.builder("public", "wards")
                  .column("id", Types.INTEGER, "int4")
                  .column(new ColumnDef("name", Types.VARCHAR, "varchar", 20))
                  .primaryKey(List.of("id"))
                  .build())
          .build();

  private static final String RULES =
      """
      version: 1
      protect:
        patients:
          ssn: {mask: "partial(0, 4)"}
      unmask:
        - groups: [clinician]
          tables: [patients]
      approvals:
        server: http://localhost:8470
        rules:
          - { name: schema-change, when: ddl, approvers: [dba] }
          - { name: bulk-export, when: export, approvers: [privacy] }
          - { name: mass-write, when: unbounded-write, tables: [wards], approvers: [dba] }
          - { name: privileges, when: role, approvers: [security] }
        exempt:
          - { rule: schema-change, subjects: [flyway] }
      """;

  private static final String NO_RULES =
      """
      version: 1
      protect:
        patients:
          ssn: {mask: "partial(0, 4)"}
      unmask:
        - groups: [clinician]
          tables: [patients]
      """;

  private static Verdict judge(String yaml, Identity who, String sql) throws Exception {
    Policy policy = PolicyLoader.parse(yaml, "t.yaml");
    return new StatementJudge(policy)
        .judge(
            SqlAnalyzer.of(CATALOG, List.of("public")).analyze(sql),
            who,
            policy.maskSetFor(who),
            CATALOG);
  }

  private static Identity agent() {
    return Identity.of("report-bot").agent("report-bot").onBehalfOf("alice").build();
  }

  private static Identity clinician() {
    return Identity.of("carol").groups("clinician").build().withSource(Identity.Source.APPLICATION);
  }

  @Test
  void anExportByAMaskedAgentNeedsApprovalAndRunsMasked() throws Exception {
    Verdict v = judge(RULES, agent(), "CREATE TABLE x AS SELECT id, ssn FROM patients");

    assertThat(v.kind()).isEqualTo(Verdict.Kind.NEEDS_APPROVAL);
    assertThat(v.rule()).isEqualTo("bulk-export");
    assertThat(v.reason()).contains("bulk-export").contains("privacy");
    assertThat(v.sql()).isNotNull().doesNotContain("ssn FROM patients");
  }

  @Test
  void anExportByAnUnmaskedClinicianNeedsApprovalToo() throws Exception {
    Verdict v =
        judge(RULES, clinician(), "INSERT INTO wards (id, name) SELECT id, ssn FROM patients");

    assertThat(v.kind()).isEqualTo(Verdict.Kind.NEEDS_APPROVAL);
    assertThat(v.rule()).isEqualTo("bulk-export");
    assertThat(v.sql()).isNull();
  }

  @Test
  void withoutARuleAnExportIsDeniedAsBefore() throws Exception {
    Verdict v = judge(NO_RULES, agent(), "CREATE TABLE x AS SELECT id, ssn FROM patients");

    assertThat(v.kind()).isEqualTo(Verdict.Kind.DENY);
    assertThat(v.reason()).contains("no approval rule");
    Verdict clinician = judge(NO_RULES, clinician(), "CREATE TABLE x AS SELECT ssn FROM patients");
    assertThat(clinician.kind()).as(clinician.reason()).isEqualTo(Verdict.Kind.ALLOW);
  }

  @Test
  void ddlNeedsApprovalUnlessTheIdentityIsExempt() throws Exception {
    assertThat(judge(RULES, clinician(), "CREATE TABLE t (id int)").rule())
        .isEqualTo("schema-change");
    Identity flyway = Identity.of("flyway").build().withSource(Identity.Source.APPLICATION);
    Verdict exempt = judge(RULES, flyway, "CREATE TABLE t (id int)");
    assertThat(exempt.kind()).isEqualTo(Verdict.Kind.ALLOW);
    assertThat(exempt.exemptedFrom()).isEqualTo("schema-change");
    // the name typed into connection properties proves nothing: no exemption
    Identity typedIn =
        Identity.of("flyway").build().withSource(Identity.Source.CONNECTION_PROPERTIES);
    assertThat(judge(RULES, typedIn, "DROP TABLE wards").kind())
        .isEqualTo(Verdict.Kind.NEEDS_APPROVAL);
  }

  @Test
  void unboundedWriteFollowsTheTablesFilter() throws Exception {
    assertThat(judge(RULES, clinician(), "DELETE FROM wards").rule()).isEqualTo("mass-write");
    assertThat(judge(RULES, clinician(), "DELETE FROM wards WHERE id = 1").kind())
        .isEqualTo(Verdict.Kind.ALLOW);
    assertThat(judge(RULES, clinician(), "UPDATE patients SET ward = 'b'").kind())
        .isEqualTo(Verdict.Kind.ALLOW);
  }

  @Test
  void privilegeChangesNeedApprovalUnderTheRoleRule() throws Exception {
    Verdict v = judge(RULES, clinician(), "GRANT SELECT ON patients TO reporting");
    assertThat(v.kind()).as(v.reason()).isEqualTo(Verdict.Kind.NEEDS_APPROVAL);
    assertThat(v.rule()).isEqualTo("privileges");
  }

  @Test
  void plainReadsAreNotClassed() throws Exception {
    assertThat(judge(RULES, clinician(), "SELECT ssn FROM patients").kind())
        .isEqualTo(Verdict.Kind.ALLOW);
    assertThat(judge(RULES, agent(), "SELECT ssn FROM patients").kind())
        .isEqualTo(Verdict.Kind.MASK);
  }

  private static final String ROW_RULES =
      """
      version: 1
      protect:
        patients:
          ssn: {mask: "partial(0, 4)"}
        wards:
          name: redact
      approvals:
        server: http://localhost:8470
        rules:
          - { name: large-read, when: "rows > 1000", tables: [patients], approvers: [privacy] }
          - { name: huge-read, when: "rows > 50000", approvers: [security] }
        exempt:
          - { rule: large-read, subjects: [nightly-etl], allow-unverified: true }
      """;

  @Test
  void aReadOfANamedTableIsHeldToTheLowestRowRuleThatCoversIt() throws Exception {
    Verdict v = judge(ROW_RULES, agent(), "SELECT id, ssn FROM patients WHERE ward = 'east'");
    assertThat(v.kind()).isEqualTo(Verdict.Kind.MASK);
    assertThat(v.rowLimit().rule().name()).isEqualTo("large-read");
    assertThat(v.rowLimit().threshold()).isEqualTo(1000);
    assertThat(v.rowLimit().estimable()).isTrue();
    assertThat(v.rowLimit().resultLimit()).isEqualTo(-1);
    assertThat(v.rowLimit().aggregates()).isFalse();
    // a rule without tables covers every protected table
    assertThat(judge(ROW_RULES, agent(), "SELECT name FROM wards").rowLimit().rule().name())
        .isEqualTo("huge-read");
  }

  @Test
  void theRowRuleKnowsTheQuerysOwnLimitAndItsAggregates() throws Exception {
    assertThat(
            judge(ROW_RULES, agent(), "SELECT id FROM patients LIMIT 10").rowLimit().resultLimit())
        .isEqualTo(10);
    assertThat(
            judge(ROW_RULES, agent(), "SELECT id FROM patients FETCH FIRST 5 ROWS ONLY")
                .rowLimit()
                .resultLimit())
        .isEqualTo(5);
    // a LIMIT inside a subquery does not bound the result
    assertThat(
            judge(ROW_RULES, agent(), "SELECT id FROM (SELECT id FROM patients LIMIT 3) p")
                .rowLimit()
                .resultLimit())
        .isEqualTo(-1);
    assertThat(judge(ROW_RULES, agent(), "SELECT count(*) FROM patients").rowLimit().aggregates())
        .isTrue();
  }

  @Test
  void anExemptIdentityIsNotHeldToTheRuleButTheExemptionIsRecorded() throws Exception {
    Identity etl = Identity.of("nightly-etl").build();
    Verdict v = judge(ROW_RULES, etl, "SELECT id, ssn FROM patients");
    assertThat(v.rowLimit().rule().name()).isEqualTo("huge-read");
    assertThat(v.exemptedFrom()).isEqualTo("large-read");
    // the masking of the verdict is kept under the exemption
    assertThat(v.kind()).isEqualTo(Verdict.Kind.MASK);
    assertThat(v.sql()).isNotNull();
  }

  @Test
  void writesAndReadsOfUnprotectedTablesAreNotHeldToRowRules() throws Exception {
    assertThat(judge(ROW_RULES, agent(), "SELECT 1").rowLimit()).isNull();
    assertThat(judge(ROW_RULES, agent(), "INSERT INTO wards (id) VALUES (1)").rowLimit()).isNull();
    Verdict update = judge(ROW_RULES, clinician(), "UPDATE patients SET ward = 'x' WHERE id > 3");
    assertThat(update.rowLimit().rule().name()).isEqualTo("large-read");
  }

  @Test
  void aHeldStatementKeepsTheColumnsTheDriverMustMaskOnceApproved() throws Exception {
    String hashed =
        """
        version: 1
        hash-key: env:PHIGUARD_TEST_UNUSED_KEY
        protect:
          patients:
            ssn: hash
        approvals:
          server: http://localhost:8470
          rules:
            - { name: mass-write, when: unbounded-write, approvers: [dba] }
        """;
    String sql = "UPDATE patients SET ward = 'x' RETURNING id, ssn";
    Verdict held = judge(hashed, agent(), sql);
    assertThat(held.kind()).as(held.reason()).isEqualTo(Verdict.Kind.NEEDS_APPROVAL);
    Verdict unheld = judge(hashed.replace("unbounded-write", "ddl"), agent(), sql);
    assertThat(unheld.postProcess()).as(unheld.reason()).isNotEmpty();
    assertThat(held.postProcess()).isEqualTo(unheld.postProcess());
  }
}
