package io.phiguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link Policy#policyVersion()} follows meaning, not formatting: see {@link PolicyFingerprint} for
 * the decision.
 */
class PolicyFingerprintTest {

  private static final String BLOCK =
      """
      version: 1
      protect:
        patients:
          ssn: partial(0, 4)
          dob: year
      unmask:
        - groups: [clinician]
          purposes: [treatment]
      approvals:
        server: http://localhost:8470
        rules:
          - name: schema-change
            when: ddl
            approvers: [dba]
      """;

  private static String version(String yaml) throws PolicyException {
    return PolicyLoader.parse(yaml, "f.yaml").policyVersion();
  }

  @Test
  void formattingOnlyChangesKeepTheFingerprint() throws PolicyException {
    String flowReorderedCommentedAndDefaultsSpelledOut =
        """
        # the same policy, written differently
        approvals: { server: "http://localhost:8470", mode: block, max-wait: 10m,
                     rules: [ { approvers: [dba], when: ddl, name: "schema-change", quorum: 1 } ] }
        unmask: [ { purposes: [treatment], groups: [clinician], allow-unverified: false } ]
        protect:
          PATIENTS:                                  # unquoted names ignore case
            dob: { mask: year, filter: none, on-masked-write: refuse }
            ssn: 'partial(0,4)'
        mode: enforce
        audit: { spool: true, durability: write }
        version: 1
        """;

    assertThat(version(flowReorderedCommentedAndDefaultsSpelledOut)).isEqualTo(version(BLOCK));
  }

  @Test
  void meaningfulChangesChangeIt() throws PolicyException {
    String base = version(BLOCK);

    assertThat(version(BLOCK.replace("partial(0, 4)", "partial(0, 3)"))).isNotEqualTo(base);
    assertThat(version(BLOCK.replace("[clinician]", "[clinician, nurse]"))).isNotEqualTo(base);
    assertThat(version(BLOCK.replace("version: 1\n", "version: 1\nmode: report\n")))
        .isNotEqualTo(base);
    assertThat(version(BLOCK.replace("  patients:", "  '\"patients\"':"))).isNotEqualTo(base);
    assertThat(version(BLOCK + "audit: { store: 'file:./audit.jsonl' }\n")).isNotEqualTo(base);
  }

  @Test
  void listOrderIsContent() throws PolicyException {
    String twoRules =
        """
        version: 1
        protect: { patients: { ssn: redact } }
        unmask:
          - groups: [a]
          - groups: [b]
        """;
    String swapped = twoRules.replace("[a]", "[x]").replace("[b]", "[a]").replace("[x]", "[b]");

    assertThat(version(swapped)).isNotEqualTo(version(twoRules));
  }

  @Test
  void itIsAStableSha256() throws PolicyException {
    String v = version("version: 1\n");

    assertThat(v).matches("sha256:[0-9a-f]{64}").isEqualTo(version("version: 1 # same\n"));
    assertThat(PolicyFingerprint.canonical(PolicyLoader.parse("version: 1\n", "a")))
        .startsWith("{\"allow\":{\"functions\":[],\"routines\":[]},\"approvals\":");
  }
}
