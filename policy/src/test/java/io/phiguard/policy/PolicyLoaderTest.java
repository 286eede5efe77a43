package io.phiguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {

  private static final Path EXAMPLE = Path.of("src/test/resources/phiguard-example.yaml");

  @Test
  void theExampleFileLoadsIntoTheExpectedModel() throws Exception {
    Policy policy = PolicyLoader.load(EXAMPLE);

    assertThat(policy.version()).isEqualTo(1);
    assertThat(policy.mode()).isEqualTo(Policy.Mode.ENFORCE);
    assertThat(policy.fileName()).isEqualTo(EXAMPLE.toString());

    ProtectedTable patients = policy.protect().get(0);
    assertThat(patients.name()).isEqualTo(QualifiedName.parse("patients"));
    assertThat(patients.location().line()).isEqualTo(10);
    assertThat(patients.columns())
        .extracting(c -> c.name().text(), c -> c.mask().toString())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ssn", "partial(0, 4)"),
            org.assertj.core.groups.Tuple.tuple("full_name", "redact"),
            org.assertj.core.groups.Tuple.tuple("email", "email"),
            org.assertj.core.groups.Tuple.tuple("dob", "year"),
            org.assertj.core.groups.Tuple.tuple("zip", "zip3"),
            org.assertj.core.groups.Tuple.tuple("notes", "detect"),
            org.assertj.core.groups.Tuple.tuple("mrn", "redact"),
            org.assertj.core.groups.Tuple.tuple("insurance_id", "hash"));
    ProtectedColumn ssn = patients.column("SSN").orElseThrow();
    assertThat(ssn.mask()).isEqualTo(MaskSpec.partial(0, 4));
    assertThat(ssn.filter()).isEqualTo(FilterPermission.NONE);
    assertThat(ssn.onMaskedWrite()).isEqualTo(OnMaskedWrite.REFUSE);
    assertThat(ssn.location()).isEqualTo(new SourceLocation(EXAMPLE.toString(), 11, 5));
    ProtectedColumn mrn = patients.column("mrn").orElseThrow();
    assertThat(mrn.filter()).isEqualTo(FilterPermission.EQUALITY_WITH_PARAMETER);
    ProtectedColumn insurance = patients.column("insurance_id").orElseThrow();
    assertThat(insurance.mask().function().runsInSql()).isFalse();
    assertThat(insurance.onMaskedWrite()).isEqualTo(OnMaskedWrite.KEEP);

    ProtectedTable encounters = policy.protect().get(1);
    assertThat(encounters.name().schema()).contains(Identifier.of("public"));
    assertThat(encounters.matches("public", "ENCOUNTERS")).isTrue();
    assertThat(encounters.matches("archive", "encounters")).isFalse();

    assertThat(policy.unmask()).hasSize(2);
    UnmaskRule clinicians = policy.unmask().get(0);
    assertThat(clinicians.groups()).containsExactly("clinician");
    assertThat(clinicians.purposes()).containsExactly("treatment");
    assertThat(clinicians.subjects()).isEmpty();
    assertThat(clinicians.tables()).containsExactly(QualifiedName.parse("patients"));
    assertThat(clinicians.allowUnverified()).isFalse();
    assertThat(clinicians.location()).isEqualTo(new SourceLocation(EXAMPLE.toString(), 25, 5));

    assertThat(policy.hashKey())
        .hasValueSatisfying(
            k -> {
              assertThat(k.kind()).isEqualTo(SecretRef.Kind.ENV);
              assertThat(k.name()).isEqualTo("PHIGUARD_HASH_KEY");
            });
    assertThat(policy.allow().allowsFunction("pg_catalog", "LOWER")).isTrue();
    assertThat(policy.allow().allowsFunction(null, "query_to_xml")).isFalse();
    assertThat(policy.allow().allowsRoutine("public", "refresh_dashboard")).isTrue();
    assertThat(policy.allow().allowsRoutine("other", "refresh_dashboard")).isFalse();

    assertThat(policy.audit())
        .isEqualTo(
            new AuditSettings(
                "jdbc:h2:file:./phiguard-audit",
                "./phiguard-journal",
                AuditSettings.Durability.WRITE,
                true));

    ApprovalSettings approvals = policy.approvals();
    assertThat(approvals.server()).contains(URI.create("http://localhost:8470"));
    assertThat(approvals.waitMode()).isEqualTo(ApprovalSettings.WaitMode.BLOCK);
    assertThat(approvals.maxWait()).isEqualTo(Duration.ofMinutes(10));
    assertThat(approvals.requestTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(approvals.grantTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(approvals.rules())
        .extracting(ApprovalRule::name, r -> r.trigger().toString(), ApprovalRule::quorum)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("schema-change", "ddl", 1),
            org.assertj.core.groups.Tuple.tuple("bulk-export", "export", 2),
            org.assertj.core.groups.Tuple.tuple("large-read", "rows > 1000", 1),
            org.assertj.core.groups.Tuple.tuple("mass-write", "unbounded-write", 1));
    ApprovalRule largeRead = approvals.rule("large-read").orElseThrow();
    assertThat(largeRead.trigger()).isEqualTo(ApprovalTrigger.rowsAbove(1000));
    assertThat(largeRead.approvers()).isEqualTo(Set.of("privacy"));
    assertThat(largeRead.coversTable("public", "patients")).isTrue();
    assertThat(largeRead.coversTable("public", "encounters")).isFalse();
    assertThat(approvals.rule("bulk-export").orElseThrow().approvers())
        .containsExactlyInAnyOrder("security", "dba");
    assertThat(approvals.exemptions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.rule()).isEqualTo("schema-change");
              assertThat(e.subjects()).containsExactly("flyway-migrator");
            });

    assertThat(policy.policyVersion()).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void aMinimalFileGetsEveryDefault() throws Exception {
    Policy policy = PolicyLoader.parse("version: 1\n", "min.yaml");

    assertThat(policy.mode()).isEqualTo(Policy.Mode.ENFORCE);
    assertThat(policy.protect()).isEmpty();
    assertThat(policy.unmask()).isEmpty();
    assertThat(policy.hashKey()).isEmpty();
    assertThat(policy.allow()).isEqualTo(CallAllowList.empty());
    assertThat(policy.audit()).isEqualTo(AuditSettings.defaults());
    assertThat(policy.audit().store()).isEqualTo("jdbc:h2:file:./phiguard-audit");
    assertThat(policy.audit().journal()).isEqualTo("./phiguard-journal");
    assertThat(policy.audit().durability()).isEqualTo(AuditSettings.Durability.WRITE);
    assertThat(policy.audit().spool()).isTrue();
    assertThat(policy.approvals()).isEqualTo(ApprovalSettings.none());
    assertThat(policy.approvals().server()).isEmpty();
    assertThat(policy.approvals().waitMode()).isEqualTo(ApprovalSettings.WaitMode.BLOCK);
    assertThat(policy.approvals().maxWait()).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.approvals().requestTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(policy.approvals().grantTtl()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void sectionDefaultsApplyToKeysLeftOut() throws Exception {
    Policy policy =
        PolicyLoader.parse(
            """
            version: 1
            mode: report
            protect:
              patients: { ssn: { mask: null } }
            audit: { durability: fsync }
            approvals:
              server: https://approvals.internal
              mode: fail-fast
              rules:
                - name: r
                  when: role
                  approvers: [dba]
            """,
            "d.yaml");

    assertThat(policy.mode()).isEqualTo(Policy.Mode.REPORT);
    ProtectedColumn ssn = policy.protect().get(0).columns().get(0);
    assertThat(ssn.mask()).isEqualTo(MaskSpec.of(MaskFunction.NULL));
    assertThat(ssn.filter()).isEqualTo(FilterPermission.NONE);
    assertThat(ssn.onMaskedWrite()).isEqualTo(OnMaskedWrite.REFUSE);
    assertThat(policy.audit().store()).isEqualTo(AuditSettings.DEFAULT_STORE);
    assertThat(policy.audit().durability()).isEqualTo(AuditSettings.Durability.FSYNC);
    assertThat(policy.audit().spool()).isTrue();
    assertThat(policy.approvals().waitMode()).isEqualTo(ApprovalSettings.WaitMode.FAIL_FAST);
    assertThat(policy.approvals().grantTtl()).isEqualTo(ApprovalSettings.DEFAULT_GRANT_TTL);
    ApprovalRule rule = policy.approvals().rules().get(0);
    assertThat(rule.quorum()).isEqualTo(1);
    assertThat(rule.tables()).isEmpty();
    assertThat(rule.coversTable("any", "table")).isTrue();
  }

  @Test
  void auditRetryMaxBoundsTheShippersBackoff() throws Exception {
    Policy policy = PolicyLoader.parse("version: 1\naudit: { retry-max: 500ms }\n", "r.yaml");

    assertThat(policy.audit().retryMax()).isEqualTo(Duration.ofMillis(500));
    assertThat(PolicyLoader.parse("version: 1\n", "d.yaml").audit().retryMax())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.policyVersion())
        .isNotEqualTo(PolicyLoader.parse("version: 1\n", "d.yaml").policyVersion());
  }

  @Test
  void quotedNamesAreCaseSensitiveAndUnquotedAreNot() throws Exception {
    Policy policy =
        PolicyLoader.parse(
            """
            version: 1
            protect:
              '"Clinic"."Patients"': { '"SSN"': redact, dob: year }
              visits: { notes: "partial(1, 2, '#')" }
            """,
            "q.yaml");

    ProtectedTable patients = policy.protect().get(0);
    assertThat(patients.name().schema()).contains(new Identifier("Clinic", true));
    assertThat(patients.matches("Clinic", "Patients")).isTrue();
    assertThat(patients.matches("clinic", "patients")).isFalse();
    assertThat(patients.matches(null, "Patients")).isTrue();
    assertThat(patients.column("SSN")).isPresent();
    assertThat(patients.column("ssn")).isEmpty();
    assertThat(patients.column("DOB")).isPresent();
    assertThat(policy.protect().get(1).columns().get(0).mask())
        .isEqualTo(new MaskSpec(MaskFunction.PARTIAL, 1, 2, '#'));
    assertThat(policy.protectedTables("PUBLIC", "VISITS")).hasSize(1);
    assertThat(policy.protectedTables("public", "other")).isEmpty();
  }

  @Test
  void aSchemaPinnedAndAnUnpinnedEntryBothApply() throws Exception {
    Policy policy =
        PolicyLoader.parse(
            """
            version: 1
            protect:
              patients: { ssn: redact }
              public.patients: { dob: year }
            """,
            "u.yaml");

    assertThat(policy.columnsToMask(Identity.none(), "public", "patients"))
        .extracting(c -> c.name().text())
        .containsExactly("ssn", "dob");
    assertThat(policy.columnsToMask(Identity.none(), "archive", "patients"))
        .extracting(c -> c.name().text())
        .containsExactly("ssn");
    assertThat(Optional.of(policy.protect())).isPresent();
    assertThat(List.of(policy.toString())).allMatch(s -> s.contains("u.yaml"));
  }
}
