package io.phiguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad policy file fails with file, line, column and a fix. */
class PolicyValidationTest {

  private static PolicyException failure(String yaml) {
    PolicyException e =
        catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse(yaml, "bad.yaml"));
    assertThat(e).as("expected the policy to be refused").isNotNull();
    assertThat(e.getMessage()).isEqualTo(e.location() + ": " + e.problem() + ". " + e.fix());
    return e;
  }

  private static void assertAt(PolicyException e, int line, int column) {
    assertThat(e.location()).isEqualTo(new SourceLocation("bad.yaml", line, column));
  }

  @Test
  void unknownTopLevelKeySuggestsTheClosest() {
    PolicyException e = failure("version: 1\nprotec:\n  patients: { ssn: redact }\n");

    assertAt(e, 2, 1);
    assertThat(e.getMessage())
        .startsWith(
            "bad.yaml:2:1: unknown key 'protec' at top level. Did you mean 'protect'? Keys allowed"
                + " here: version, mode, protect, unmask, hash-key, allow, audit, approvals");
  }

  @Test
  void unknownNestedKeyNamesWhereItIs() {
    PolicyException e =
        failure(
            """
            version: 1
            protect:
              patients:
                mrn: { mask: redact, filtr: equality-with-parameter }
            """);

    assertAt(e, 4, 26);
    assertThat(e.problem()).isEqualTo("unknown key 'filtr' in column 'mrn' of table 'patients'");
    assertThat(e.fix()).startsWith("Did you mean 'filter'?");
  }

  @Test
  void yesIsNotABoolean() {
    PolicyException e = failure("version: 1\naudit:\n  spool: yes\n");

    assertAt(e, 3, 10);
    assertThat(e.problem()).isEqualTo("'spool' must be true or false, found a text");
    assertThat(e.fix()).contains("yes/no/on/off are text");
  }

  @Test
  void aSectionOfTheWrongShape() {
    PolicyException e = failure("version: 1\nprotect:\n  - patients\n");

    assertAt(e, 3, 3);
    assertThat(e.problem())
        .isEqualTo("'protect' must be a mapping of 'key: value' entries, found a list");
  }

  @Test
  void unknownMaskFunction() {
    PolicyException e = failure("version: 1\nprotect:\n  patients:\n    full_name: redcat\n");

    assertAt(e, 4, 16);
    assertThat(e.getMessage())
        .isEqualTo(
            "bad.yaml:4:16: 'redcat' is not a mask function. Did you mean 'redact'? Use one of"
                + " redact, null, partial(first, last), email, year, zip3, hash, detect");
  }

  @Test
  void partialNeedsTwoNonNegativeIntegers() {
    for (String bad : new String[] {"partial(0)", "partial", "partial(-1, 4)", "partial(a, b)"}) {
      PolicyException e = failure("version: 1\nprotect:\n  patients:\n    ssn: " + bad + "\n");

      assertAt(e, 4, 10);
      assertThat(e.problem()).isEqualTo("'" + bad + "' needs two non-negative integers");
      assertThat(e.fix()).startsWith("Write partial(first, last)");
    }
  }

  @Test
  void partialFillMustBeOneQuotedCharacter() {
    PolicyException e = failure("version: 1\nprotect:\n  patients:\n    ssn: partial(0, 4, xx)\n");

    assertAt(e, 4, 10);
    assertThat(e.problem()).contains("is not one quoted character");
  }

  @Test
  void otherMasksTakeNoArguments() {
    PolicyException e = failure("version: 1\nprotect:\n  patients:\n    ssn: redact(4)\n");

    assertAt(e, 4, 10);
    assertThat(e.getMessage())
        .isEqualTo("bad.yaml:4:10: 'redact' takes no arguments. Write 'redact' alone");
  }

  @Test
  void aColumnWithoutMask() {
    PolicyException e = failure("version: 1\nprotect:\n  patients:\n    ssn:\n");

    assertAt(e, 4, 5);
    assertThat(e.problem()).isEqualTo("column 'ssn' of table 'patients' has no mask");
  }

  @Test
  void unknownFilterPermission() {
    PolicyException e =
        failure("version: 1\nprotect:\n  patients:\n    mrn: { mask: redact, filter: equal }\n");

    assertAt(e, 4, 34);
    assertThat(e.problem()).isEqualTo("'equal' is not a filter permission");
    assertThat(e.fix()).endsWith("Use one of none, equality-with-parameter");
  }

  @Test
  void unknownOnMaskedWrite() {
    PolicyException e =
        failure(
            "version: 1\nprotect:\n  patients:\n    ssn: { mask: redact, on-masked-write: kep }\n");

    assertAt(e, 4, 43);
    assertThat(e.fix()).startsWith("Did you mean 'keep'?");
  }

  @Test
  void aTableWithoutColumns() {
    PolicyException e = failure("version: 1\nprotect:\n  patients:\n");

    assertAt(e, 3, 3);
    assertThat(e.problem()).isEqualTo("table 'patients' lists no columns");
  }

  @Test
  void aNameWithTooManyParts() {
    PolicyException e = failure("version: 1\nprotect:\n  db.public.patients: { ssn: redact }\n");

    assertAt(e, 3, 3);
    assertThat(e.problem())
        .isEqualTo(
            "the table name is not a valid name: a name has more than two parts (schema.name)");
  }

  @Test
  void badApprovalTrigger() {
    PolicyException e =
        failure(
            """
            version: 1
            approvals:
              server: http://localhost:8470
              rules:
                - { name: big, when: "rows >= 10", approvers: [dba] }
            """);

    assertAt(e, 5, 26);
    assertThat(e.getMessage())
        .isEqualTo(
            "bad.yaml:5:26: 'rows >= 10' is not an approval trigger. Did you mean 'rows > N'? Use"
                + " one of ddl | role | export | unbounded-write | rows > N, e.g. when: \"rows >"
                + " 1000\"");
  }

  @Test
  void unknownMode() {
    PolicyException e = failure("version: 1\nmode: enforcing\n");

    assertAt(e, 2, 7);
    assertThat(e.getMessage())
        .isEqualTo(
            "bad.yaml:2:7: 'enforcing' is not a mode. Did you mean 'enforce'? Use enforce"
                + " (default) or report (evaluate and audit, enforce nothing)");
  }

  @Test
  void unknownApprovalModeAndDurability() {
    PolicyException mode = failure("version: 1\napprovals: { mode: fail_fast }\n");
    assertAt(mode, 2, 20);
    assertThat(mode.fix()).startsWith("Did you mean 'fail-fast'?");

    PolicyException durability = failure("version: 1\naudit: { durability: sync }\n");
    assertAt(durability, 2, 22);
    assertThat(durability.fix()).startsWith("Did you mean 'fsync'?");
  }

  @Test
  void auditRetryMaxMustBeAPositiveDuration() {
    PolicyException zero = failure("version: 1\naudit: { retry-max: 0s }\n");
    assertAt(zero, 2, 21);
    assertThat(zero.getMessage()).contains("'retry-max'");
    assertAt(failure("version: 1\naudit: { retry-max: soon }\n"), 2, 21);
  }

  @Test
  void duplicateKeys() {
    PolicyException e =
        failure("version: 1\nprotect:\n  patients:\n    ssn: redact\n    ssn: year\n");

    assertAt(e, 5, 5);
    assertThat(e.problem()).isEqualTo("duplicate key 'ssn' in table 'patients' (first at line 4)");
  }

  @Test
  void theSameTableInAnotherCaseIsADuplicate() {
    PolicyException e =
        failure("version: 1\nprotect:\n  patients: { ssn: redact }\n  PATIENTS: { dob: year }\n");

    assertAt(e, 4, 3);
    assertThat(e.getMessage())
        .isEqualTo(
            "bad.yaml:4:3: table 'PATIENTS' is listed twice (first at line 3). Merge the two"
                + " entries into one");
  }

  @Test
  void yamlSyntaxErrorsCarryTheParsersPosition() {
    PolicyException e = failure("version: 1\nprotect:\n  patients: { ssn: redact\n");

    assertAt(e, 4, 1);
    assertThat(e.problem()).startsWith("YAML syntax error: ");
    assertThat(e.problem())
        .isEqualTo(
            "YAML syntax error: while parsing a flow mapping, expected ',' or '}', but got <stream"
                + " end>");
    assertThat(e.fix()).contains("indent with spaces");
  }

  @Test
  void tabsAreASyntaxError() {
    PolicyException e = failure("version: 1\nprotect:\n\tpatients: { ssn: redact }\n");

    assertAt(e, 3, 1);
    assertThat(e.problem()).startsWith("YAML syntax error: ").contains("TAB");
    assertThat(e.fix()).isEqualTo("Indent with spaces, not tabs");
  }

  @Test
  void oneDocumentPerFile() {
    PolicyException e = failure("version: 1\n---\nversion: 1\n");

    assertAt(e, 2, 1);
    assertThat(e.problem())
        .isEqualTo(
            "YAML syntax error: expected a single document in the stream, but found another"
                + " document");
    assertThat(e.fix()).startsWith("Keep one YAML document in the file");
  }

  @Test
  void anUnquotedCommaInsideBracesGetsAHint() {
    PolicyException e = failure("version: 1\nprotect:\n  patients: { ssn: partial(0, 4) }\n");

    assertAt(e, 3, 20);
    assertThat(e.problem()).isEqualTo("'partial(0' is not complete: its ')' is missing");
    assertThat(e.fix()).contains("quote it: \"partial(0, 4)\"");
  }

  @Test
  void anEmptyFile() {
    for (String empty : new String[] {"", "   \n", "# only a comment\n", "~\n"}) {
      PolicyException e = failure(empty);

      assertAt(e, 1, 1);
      assertThat(e.getMessage())
          .isEqualTo(
              "bad.yaml:1:1: the policy file is empty. Start it with 'version: 1' and the tables to"
                  + " protect");
    }
  }

  @Test
  void theTopLevelMustBeAMapping() {
    PolicyException e = failure("- version: 1\n");

    assertAt(e, 1, 1);
    assertThat(e.problem()).startsWith("the top level must be a mapping");
  }

  @Test
  void versionOtherThanOne() {
    PolicyException two = failure("version: 2\n");
    assertAt(two, 1, 10);
    assertThat(two.problem()).isEqualTo("policy file version 2 is not supported");

    PolicyException missing = failure("mode: report\n");
    assertAt(missing, 1, 1);
    assertThat(missing.getMessage())
        .isEqualTo("bad.yaml:1:1: the policy has no 'version'. Add 'version: 1' as the first line");

    PolicyException text = failure("version: one\n");
    assertThat(text.problem()).isEqualTo("'version' must be a whole number, found a text");
  }

  @Test
  void aLiteralHashKeyIsRefusedWithoutEchoingIt() {
    PolicyException e = failure("version: 1\nhash-key: s3cr3t-k3y-v4lu3-0123456789\n");

    assertAt(e, 2, 11);
    assertThat(e.getMessage())
        .doesNotContain("s3cr3t")
        .contains("'hash-key' must say where the key is kept, not contain it")
        .contains("env:PHIGUARD_HASH_KEY");
  }

  @Test
  void hashNeedsAKeyReference() {
    PolicyException e = failure("version: 1\nprotect:\n  patients:\n    ssn: hash\n");

    assertAt(e, 4, 5);
    assertThat(e.problem())
        .isEqualTo(
            "column 'ssn' of table 'patients' uses 'hash', but the policy has no 'hash-key'");
  }

  @Test
  void aBadStoreUrlIsNotEchoed() {
    PolicyException e =
        failure("version: 1\naudit:\n  store: postgres://auditor:Pa55word@db/audit\n");

    assertAt(e, 3, 10);
    assertThat(e.getMessage()).doesNotContain("Pa55word").contains("'store' must be a JDBC URL");
  }

  @Test
  void serverCredentialsAreRefusedAndNotEchoed() {
    PolicyException e =
        failure("version: 1\napprovals:\n  server: https://bot:Pa55word@approvals.internal\n");

    assertAt(e, 3, 11);
    assertThat(e.getMessage()).doesNotContain("Pa55word").contains("'server' carries credentials");
  }

  @Test
  void approvalRuleNamesAreUnique() {
    PolicyException e =
        failure(
            """
            version: 1
            approvals:
              server: http://localhost:8470
              rules:
                - { name: ddl, when: ddl, approvers: [dba] }
                - { name: ddl, when: role, approvers: [dba] }
            """);

    assertAt(e, 6, 15);
    assertThat(e.problem()).isEqualTo("approval rule name 'ddl' is used twice (first at line 5)");
  }

  @Test
  void anExemptionMustNameAnExistingRule() {
    PolicyException e =
        failure(
            """
            version: 1
            approvals:
              server: http://localhost:8470
              rules:
                - { name: schema-change, when: ddl, approvers: [dba] }
              exempt:
                - { rule: schema-chnage, subjects: [flyway-migrator] }
            """);

    assertAt(e, 7, 15);
    assertThat(e.getMessage())
        .isEqualTo(
            "bad.yaml:7:15: exemption names rule 'schema-chnage', which is not defined. Did you"
                + " mean 'schema-change'? Rules: schema-change");
  }

  @Test
  void quorumIsAtLeastOne() {
    PolicyException e =
        failure(
            """
            version: 1
            approvals:
              server: http://localhost:8470
              rules: [{ name: r, when: ddl, quorum: 0, approvers: [dba] }]
            """);

    assertAt(e, 4, 41);
    assertThat(e.problem()).isEqualTo("'quorum' must be at least 1");
  }

  @Test
  void numbersAreDecimal() {
    PolicyException e = failure("version: 0x1\n");

    assertAt(e, 1, 10);
    assertThat(e.getMessage())
        .isEqualTo(
            "bad.yaml:1:10: 'version' must be a decimal number. Write it in decimal, e.g. 2");
  }

  @Test
  void anApprovalRuleNeedsApprovers() {
    PolicyException e =
        failure(
            """
            version: 1
            approvals:
              server: http://localhost:8470
              rules: [{ name: r, when: ddl }]
            """);

    assertAt(e, 4, 11);
    assertThat(e.problem()).isEqualTo("approval rule 'r' names no approvers");
  }

  @Test
  void anApprovalRuleNeedsWhen() {
    PolicyException e =
        failure(
            """
            version: 1
            approvals:
              server: http://localhost:8470
              rules: [{ name: r, approvers: [dba] }]
            """);

    assertAt(e, 4, 11);
    assertThat(e.getMessage())
        .isEqualTo("bad.yaml:4:11: approval rule 'r' needs 'when'. Add it, e.g. 'when: ddl'");
  }

  @Test
  void rulesNeedAServer() {
    PolicyException e =
        failure("version: 1\napprovals:\n  rules: [{ name: r, when: ddl, approvers: [dba] }]\n");

    assertAt(e, 2, 1);
    assertThat(e.problem()).isEqualTo("approval rules need a 'server'");
  }

  @Test
  void badDuration() {
    PolicyException e = failure("version: 1\napprovals:\n  max-wait: 10\n");

    assertAt(e, 3, 13);
    assertThat(e.getMessage())
        .isEqualTo(
            "bad.yaml:3:13: 'max-wait' is not a duration. Write a positive number with a unit: ms,"
                + " s, m, h or d, e.g. 10m");
  }

  @Test
  void anUnmaskRuleForEveryoneIsRefused() {
    PolicyException e =
        failure(
            "version: 1\nprotect: { patients: { ssn: redact } }\nunmask:\n  - purposes: [treatment]\n");

    assertAt(e, 4, 5);
    assertThat(e.problem()).isEqualTo("unmask rule names no groups or subjects");
  }

  @Test
  void anUnmaskRuleMustNameProtectedTables() {
    PolicyException e =
        failure(
            """
            version: 1
            protect: { patients: { ssn: redact } }
            unmask:
              - { groups: [clinician], tables: [patinets] }
            """);

    assertAt(e, 4, 37);
    assertThat(e.getMessage())
        .isEqualTo(
            "bad.yaml:4:37: unmask rule names table 'patinets', which is not protected. Did you"
                + " mean 'patients'? Protected tables: patients");
  }

  @Test
  void anEmptyUnmaskTableListIsNotAllTables() {
    PolicyException e =
        failure(
            """
            version: 1
            protect: { patients: { ssn: redact } }
            unmask:
              - { groups: [clinician], tables: [] }
            """);

    assertAt(e, 4, 36);
    assertThat(e.problem()).isEqualTo("unmask rule has an empty 'tables' list");
  }

  @Test
  void maxWaitCannotOutliveTheRequest() {
    PolicyException e = failure("version: 1\napprovals:\n  max-wait: 20m\n");

    assertAt(e, 3, 13);
    assertThat(e.problem()).isEqualTo("'max-wait' is longer than 'request-ttl' (15 min)");
  }

  @Test
  void aMissingFileNamesTheFile(@TempDir Path dir) {
    Path missing = dir.resolve("phiguard.yaml");
    PolicyException e =
        catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(missing));

    assertThat(e.location()).isEqualTo(SourceLocation.ofFile(missing.toString()));
    assertThat(e.getMessage())
        .isEqualTo(
            missing
                + ": cannot read the policy file (NoSuchFileException). Check that the path is"
                + " right and the file is readable by this process");
  }

  @Test
  void aliasBombsAreRefused() {
    StringBuilder yaml = new StringBuilder("version: 1\nx: &a [1, 1]\n");
    String previous = "a";
    for (int i = 0; i < 60; i++) {
      String name = "b" + i;
      yaml.append(name).append(": &").append(name).append(" [*").append(previous).append("]\n");
      previous = name;
    }
    PolicyException e = failure(yaml.toString());

    assertThat(e.location()).isEqualTo(SourceLocation.ofFile("bad.yaml"));
    assertThat(e.problem()).startsWith("the file cannot be read as YAML: ").contains("50");
  }
}
