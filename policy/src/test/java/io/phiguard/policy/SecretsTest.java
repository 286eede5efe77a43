package io.phiguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets are referenced, resolved late, and never printed. */
class SecretsTest {

  private static final String KEY = "0123456789abcdef-very-secret";

  @Test
  void anEnvironmentReferenceResolvesLazily() throws PolicyException {
    Policy policy = PolicyLoader.parse("version: 1\nhash-key: env:PHIGUARD_HASH_KEY\n", "s.yaml");
    SecretRef ref = policy.hashKey().orElseThrow();

    assertThat(ref.resolve(Map.of("PHIGUARD_HASH_KEY", KEY)::get))
        .isEqualTo(KEY.getBytes(StandardCharsets.UTF_8));
    PolicyException missing =
        catchThrowableOfType(PolicyException.class, () -> ref.resolve(n -> null));
    assertThat(missing.getMessage())
        .isEqualTo(
            "s.yaml:2:11: environment variable PHIGUARD_HASH_KEY is not set. Set it to a random key"
                + " of at least 16 bytes before starting");
  }

  @Test
  void aFileReferenceDropsOneLineBreak(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("k");
    Files.writeString(file, KEY + "\n");
    Policy policy = PolicyLoader.parse("version: 1\nhash-key: file:" + file + "\n", "s.yaml");

    assertThat(policy.hashKey().orElseThrow().resolve())
        .isEqualTo(KEY.getBytes(StandardCharsets.UTF_8));
    assertThat(policy.hashKey().orElseThrow().toString()).isEqualTo("file:" + file);
  }

  @Test
  void theCheckpointKeyIsAReferenceBesideTheJournalByDefault() throws PolicyException {
    assertThat(PolicyLoader.parse("version: 1\n", "s.yaml").audit().checkpointKey()).isEmpty();

    AuditSettings audit =
        PolicyLoader.parse(
                "version: 1\naudit:\n  checkpoint-key: file:/etc/phiguard/checkpoint.key\n",
                "s.yaml")
            .audit();
    SecretRef ref = audit.checkpointKey().orElseThrow();
    assertThat(ref.kind()).isEqualTo(SecretRef.Kind.FILE);
    assertThat(ref.name()).isEqualTo("/etc/phiguard/checkpoint.key");
    assertThat(audit.toString()).contains("checkpointKey=file:/etc/phiguard/checkpoint.key");
    assertThat(
            PolicyLoader.parse("version: 1\naudit:\n  checkpoint-key: env:PG_CP_KEY\n", "s.yaml")
                .audit()
                .checkpointKey())
        .hasValueSatisfying(k -> assertThat(k.kind()).isEqualTo(SecretRef.Kind.ENV));
  }

  @Test
  void aLiteralCheckpointKeyIsRefusedWithoutEchoingIt() {
    PolicyException e =
        catchThrowableOfType(
            PolicyException.class,
            () ->
                PolicyLoader.parse(
                    "version: 1\naudit:\n  checkpoint-key: MC4CAQAwBQYDK2VwBCIEIPrivate\n",
                    "s.yaml"));

    assertThat(e.getMessage())
        .startsWith("s.yaml:3:19: 'checkpoint-key' must say where the key is kept")
        .contains("file:/etc/phiguard/checkpoint.key")
        .doesNotContain("MC4CAQ");
  }

  @Test
  void shortKeysAreRefusedWithoutShowingThem() throws PolicyException {
    SecretRef ref =
        PolicyLoader.parse("version: 1\nhash-key: env:K\n", "s.yaml").hashKey().orElseThrow();

    PolicyException e = catchThrowableOfType(PolicyException.class, () -> ref.resolve(n -> "tiny"));

    assertThat(e.getMessage()).doesNotContain("tiny").contains("env:K is shorter than 16 bytes");
  }

  @Test
  void toStringsHideCredentials() throws PolicyException {
    Policy policy =
        PolicyLoader.parse(
            """
            version: 1
            hash-key: env:PHIGUARD_HASH_KEY
            audit:
              store: jdbc:postgresql://auditor:Pa55word@db/audit?password=Pa55word&ssl=true
            approvals:
              server: https://approvals.internal:8470/?token=Pa55word
            """,
            "s.yaml");

    assertThat(policy.audit().toString())
        .doesNotContain("Pa55word")
        .contains("jdbc:postgresql://***@db/audit?password=***&ssl=true");
    assertThat(policy.approvals().toString()).doesNotContain("Pa55word").contains("token=***");
    assertThat(policy.toString()).doesNotContain("Pa55word").startsWith("Policy[s.yaml, enforce");
    assertThat(policy.hashKey().orElseThrow().toString()).isEqualTo("env:PHIGUARD_HASH_KEY");
  }
}
