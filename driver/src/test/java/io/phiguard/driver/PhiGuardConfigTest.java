package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.policy.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhiGuardConfigTest {
  @TempDir Path dir;

  private static Properties props(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  private static PhiGuardConfig config(Properties p) throws SQLException {
    return PhiGuardConfig.fromProperties(p, Map.of(), new Properties());
  }

  private static void assertInvalid(Properties p, String... named) {
    assertThatThrownBy(() -> config(p))
        .isInstanceOf(SQLNonTransientException.class)
        .isInstanceOf(PhiGuardException.class)
        .hasFieldOrPropertyWithValue("SQLState", "F0000")
        .hasMessageContainingAll(named);
  }

  @Test
  void unknownPhiGuardPropertyIsRejectedByName() {
    assertInvalid(props("phiguard.x", "1"), "phiguard.x");
    assertInvalid(props("phiguard.allowUnwarp", "true"), "phiguard.allowUnwarp");
  }

  @Test
  void phiGuardPropertiesInAnotherCaseAreNotSilentlyIgnored() {
    // PHIGUARD.CONFIG would otherwise run with no policy at all
    assertInvalid(props("PHIGUARD.CONFIG", "/x.yaml"), "PHIGUARD.CONFIG");
    assertInvalid(props("PhiGuard.Subject", "alice"), "PhiGuard.Subject");
  }

  @Test
  void policyFilePrecedenceIsPropertyThenSystemPropertyThenEnvironment() throws Exception {
    Path fromProperty = Files.writeString(dir.resolve("a.yaml"), "version: 1\n");
    Path fromSystem = Files.writeString(dir.resolve("b.yaml"), "version: 1\n");
    Path fromEnv = Files.writeString(dir.resolve("c.yaml"), "version: 1\n");
    Properties system = props("phiguard.config", fromSystem.toString());
    Map<String, String> env = Map.of("PHIGUARD_CONFIG", fromEnv.toString());
    assertThat(
            PhiGuardConfig.fromProperties(
                    props("phiguard.config", fromProperty.toString()), env, system)
                .policyFile())
        .isEqualTo(fromProperty.toAbsolutePath().normalize());
    assertThat(PhiGuardConfig.fromProperties(new Properties(), env, system).policyFile())
        .isEqualTo(fromSystem.toAbsolutePath().normalize());
    assertThat(PhiGuardConfig.fromProperties(new Properties(), env, new Properties()).policyFile())
        .isEqualTo(fromEnv.toAbsolutePath().normalize());
    assertThat(
            PhiGuardConfig.fromProperties(new Properties(), Map.of(), new Properties())
                .policyFile())
        .isNull();
  }

  @Test
  void theConfiguredPolicyIsLoadedAndValidatedAtConnect() throws Exception {
    Path good =
        Files.writeString(
            dir.resolve("good.yaml"),
            "version: 1\nmode: report\nprotect:\n  patients:\n    ssn: redact\n");
    assertThat(config(props("phiguard.config", good.toString())).policy().protect()).hasSize(1);

    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"), "version: 1\nprotect:\n  patients:\n    ssn: redcat\n");
    // file, line and column, what is wrong and what to use instead
    assertInvalid(props("phiguard.config", bad.toString()), "bad.yaml:4:", "redcat", "redact");
  }

  @Test
  void hashAndDetectAreEnforcedAndAnUnreadableHashKeyRefusesToConnect() throws Exception {
    Path detect =
        Files.writeString(
            dir.resolve("detect.yaml"), "version: 1\nprotect:\n  patients:\n    notes: detect\n");
    assertThat(config(props("phiguard.config", detect.toString())).policy().protect()).hasSize(1);

    Path key = Files.writeString(dir.resolve("hash.key"), "0123456789abcdef0123456789abcdef");
    Path hash =
        Files.writeString(
            dir.resolve("hash.yaml"),
            "version: 1\nhash-key: file:" + key + "\nprotect:\n  patients:\n    ssn: hash\n");
    assertThat(config(props("phiguard.config", hash.toString())).policy().protect()).hasSize(1);

    Path missingKey =
        Files.writeString(
            dir.resolve("nokey.yaml"),
            "version: 1\nhash-key: file:"
                + dir.resolve("absent.key")
                + "\nprotect:\n  patients:\n    ssn: hash\n");
    assertInvalid(
        props("phiguard.config", missingKey.toString()), "nokey.yaml", "hash-key", "absent.key");
  }

  @Test
  void approvalRulesOfEveryKindConnect() throws Exception {
    String approvals =
        "version: 1\napprovals:\n  server: http://127.0.0.1:8470\n  rules:\n"
            + "    - { name: schema-change, when: ddl, approvers: [dba] }\n";
    Path enforced = Files.writeString(dir.resolve("approvals.yaml"), approvals);
    assertThat(config(props("phiguard.config", enforced.toString())).policy().approvals().rules())
        .hasSize(1);
    Path rows =
        Files.writeString(
            dir.resolve("rows.yaml"),
            approvals
                + "    - { name: large-read, when: \"rows > 1000\", approvers: [privacy] }\n");
    assertThat(config(props("phiguard.config", rows.toString())).policy().approvals().rules())
        .extracting(r -> r.trigger().toString())
        .containsExactly("ddl", "rows > 1000");
  }

  @Test
  void missingPolicyFileIsNamed() {
    Path missing = dir.resolve("nope.yaml");
    assertInvalid(props("phiguard.config", missing.toString()), missing.toString());
    assertThatThrownBy(
            () ->
                PhiGuardConfig.fromProperties(
                    new Properties(),
                    Map.of("PHIGUARD_CONFIG", missing.toString()),
                    new Properties()))
        .hasFieldOrPropertyWithValue("SQLState", "F0000")
        .hasMessageContainingAll(missing.toString(), "PHIGUARD_CONFIG");
  }

  @Test
  void allowUnwrapIsTrueOrFalse() throws SQLException {
    assertInvalid(props("phiguard.allowUnwrap", "maybe"), "phiguard.allowUnwrap", "maybe");
    assertThat(config(props("phiguard.allowUnwrap", "TRUE")).allowUnwrap()).isTrue();
    assertThat(config(props("phiguard.allowUnwrap", "false")).allowUnwrap()).isFalse();
    assertThat(config(new Properties()).allowUnwrap()).isFalse();
  }

  @Test
  void identityPartsWithoutSubjectAreRejected() {
    assertInvalid(props("phiguard.groups", "nurses"), "phiguard.groups", "phiguard.subject");
    assertInvalid(props("phiguard.purpose", "treatment"), "phiguard.purpose");
  }

  @Test
  void identityFromPropertiesIsAnUnverifiedLabel() throws SQLException {
    Identity identity =
        config(
                props(
                    "phiguard.subject", " alice ",
                    "phiguard.groups", "nurses, ward-7,nurses,",
                    "phiguard.agent", "claude-code",
                    "phiguard.onBehalfOf", "bob,carol",
                    "phiguard.purpose", "treatment"))
            .connectionIdentity();
    assertThat(identity.subject()).isEqualTo("alice");
    assertThat(identity.groups()).isEqualTo(Set.of("nurses", "ward-7"));
    assertThat(identity.agent()).isEqualTo("claude-code");
    assertThat(identity.onBehalfOf()).isEqualTo(List.of("bob", "carol"));
    assertThat(identity.purpose()).isEqualTo("treatment");
    assertThat(identity.verified()).isFalse();
    assertThat(identity.source()).isEqualTo(Identity.Source.CONNECTION_PROPERTIES);
    assertThat(config(new Properties()).connectionIdentity().isNone()).isTrue();
  }

  @Test
  void otherPropertiesAreNotPhiGuardsBusiness() throws SQLException {
    assertThat(config(props("user", "sa", "ssl", "true")).connectionIdentity().isNone()).isTrue();
  }
}
