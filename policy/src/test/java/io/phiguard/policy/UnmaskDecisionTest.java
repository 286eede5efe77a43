package io.phiguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which protected columns an identity sees masked, without any SQL. */
class UnmaskDecisionTest {

  private static Policy policy;

  @BeforeAll
  static void load() throws PolicyException {
    policy =
        PolicyLoader.parse(
            """
            version: 1
            protect:
              patients: { ssn: "partial(0, 4)", dob: year }
              encounters: { diagnosis: redact }
            unmask:
              - groups: [clinician]
                purposes: [treatment]
                tables: [patients]
              - subjects: [billing-batch]
                tables: [encounters]
              - groups: [support]
                subjects: [carol]
                allow-unverified: true
            """,
            "unmask.yaml");
  }

  private static Identity token(String subject, Set<String> groups, String purpose) {
    return new Identity(subject, groups, "", List.of(), purpose, true, Identity.Source.TOKEN);
  }

  private static Identity properties(String subject, Set<String> groups, String purpose) {
    return new Identity(
        subject, groups, "", List.of(), purpose, false, Identity.Source.CONNECTION_PROPERTIES);
  }

  private static Identity application(String subject, Set<String> groups, String purpose) {
    return Identity.of(subject).groups(groups).purpose(purpose).build();
  }

  static Stream<Arguments> cases() {
    Set<String> clinician = Set.of("clinician");
    return Stream.of(
        // identity, table, masked columns expected
        Arguments.of("none", Identity.none(), "patients", List.of("ssn", "dob")),
        Arguments.of(
            "verified clinician, treatment",
            token("ann", clinician, "treatment"),
            "patients",
            List.of()),
        Arguments.of(
            "application-asserted clinician, treatment",
            application("ann", clinician, "treatment"),
            "patients",
            List.of()),
        Arguments.of(
            "unverified clinician from connection properties",
            properties("ann", clinician, "treatment"),
            "patients",
            List.of("ssn", "dob")),
        Arguments.of(
            "token source but not verified counts as unverified",
            new Identity(
                "ann", clinician, "", List.of(), "treatment", false, Identity.Source.TOKEN),
            "patients",
            List.of("ssn", "dob")),
        Arguments.of(
            "clinician, wrong purpose",
            token("ann", clinician, "research"),
            "patients",
            List.of("ssn", "dob")),
        Arguments.of(
            "clinician, no purpose",
            token("ann", clinician, ""),
            "patients",
            List.of("ssn", "dob")),
        Arguments.of(
            "treatment without the group",
            token("ann", Set.of("nurse"), "treatment"),
            "patients",
            List.of("ssn", "dob")),
        Arguments.of(
            "clinician rule does not cover encounters",
            token("ann", clinician, "treatment"),
            "encounters",
            List.of("diagnosis")),
        Arguments.of(
            "subject rule, any group or purpose",
            token("billing-batch", Set.of(), ""),
            "encounters",
            List.of()),
        Arguments.of(
            "subject rule is for its table only",
            token("billing-batch", Set.of(), ""),
            "patients",
            List.of("ssn", "dob")),
        Arguments.of(
            "subject names compare exactly",
            token("Billing-Batch", Set.of(), ""),
            "encounters",
            List.of("diagnosis")),
        Arguments.of(
            "allow-unverified: group and subject both match",
            properties("carol", Set.of("support"), ""),
            "patients",
            List.of()),
        Arguments.of(
            "allow-unverified: group matches, subject does not",
            properties("dave", Set.of("support"), ""),
            "encounters",
            List.of("diagnosis")),
        Arguments.of(
            "allow-unverified: no rule for the none identity",
            Identity.none(),
            "encounters",
            List.of("diagnosis")),
        Arguments.of(
            "unprotected table", token("ann", clinician, "treatment"), "visits", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void columnsToMask(String description, Identity identity, String table, List<String> masked) {
    assertThat(policy.columnsToMask(identity, "public", table))
        .extracting(c -> c.name().text())
        .as(description)
        .containsExactlyElementsOf(masked);
  }

  @Test
  void theMaskSetNamesTheRuleThatUnmasks() {
    MaskSet set = policy.maskSetFor(token("ann", Set.of("clinician"), "treatment"));
    ProtectedTable patients = policy.protect().get(0);
    ProtectedTable encounters = policy.protect().get(1);

    assertThat(set.isMasked(patients)).isFalse();
    assertThat(set.unmaskedBy(patients)).contains(policy.unmask().get(0));
    assertThat(set.unmaskedBy(patients).orElseThrow().location().line()).isEqualTo(6);
    assertThat(set.isMasked(encounters)).isTrue();
    assertThat(set.unmaskedBy(encounters)).isEmpty();
    assertThat(set.masksNothing()).isFalse();
    assertThat(set.toString()).isEqualTo("MaskSet[masked=[encounters]]");
  }

  @Test
  void identitiesWithTheSameMasksShareACacheKey() {
    MaskSet ann = policy.maskSetFor(token("ann", Set.of("clinician"), "treatment"));
    MaskSet bob = policy.maskSetFor(application("bob", Set.of("clinician", "x"), "treatment"));
    MaskSet nobody = policy.maskSetFor(Identity.none());
    MaskSet stranger = policy.maskSetFor(token("eve", Set.of(), ""));

    assertThat(ann).isEqualTo(bob).hasSameHashCodeAs(bob);
    assertThat(nobody).isEqualTo(stranger).isNotEqualTo(ann);
  }

  @Test
  void anEntryOfAnotherPolicyIsMasked() throws PolicyException {
    Policy other = PolicyLoader.parse("version: 1\nprotect: { patients: { ssn: redact } }\n", "o");
    MaskSet set = policy.maskSetFor(token("ann", Set.of("clinician"), "treatment"));

    assertThat(set.isMasked(other.protect().get(0))).isTrue();
  }

  @Test
  void exemptionsFollowTheSameTrustRule() throws PolicyException {
    Policy p =
        PolicyLoader.parse(
            """
            version: 1
            approvals:
              server: http://localhost:8470
              rules:
                - { name: schema-change, when: ddl, approvers: [dba] }
                - { name: mass-write, when: unbounded-write, approvers: [dba] }
              exempt:
                - { rule: schema-change, subjects: [flyway-migrator] }
                - { rule: mass-write, subjects: [nightly], allow-unverified: true }
            """,
            "exempt.yaml");
    ApprovalSettings approvals = p.approvals();

    assertThat(approvals.isExempt("schema-change", application("flyway-migrator", Set.of(), "")))
        .isTrue();
    assertThat(approvals.isExempt("schema-change", token("flyway-migrator", Set.of(), "")))
        .isTrue();
    assertThat(approvals.isExempt("schema-change", properties("flyway-migrator", Set.of(), "")))
        .as("anyone can type a subject into connection properties")
        .isFalse();
    assertThat(approvals.isExempt("mass-write", application("flyway-migrator", Set.of(), "")))
        .isFalse();
    assertThat(approvals.isExempt("mass-write", properties("nightly", Set.of(), ""))).isTrue();
    assertThat(approvals.isExempt("mass-write", Identity.none())).isFalse();
  }
}
