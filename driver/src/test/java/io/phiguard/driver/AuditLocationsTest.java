package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.audit.CheckpointKeys;
import io.phiguard.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLocationsTest {
  @TempDir Path dir;

  private AuditLocations locations(String audit) throws Exception {
    Path policy = dir.resolve("conf/phiguard.yaml");
    return AuditLocations.of(PolicyLoader.parse("version: 1\naudit:\n" + audit, policy.toString()));
  }

  @Test
  void relativePathsResolveAgainstThePolicyFilesDirectory() throws Exception {
    AuditLocations where =
        locations(
            "  journal: ./journal/j.jsonl\n  store: jdbc:h2:file:./store/audit;MODE=PostgreSQL\n");

    Path conf = dir.resolve("conf");
    assertThat(where.journal()).isEqualTo(conf.resolve("journal/j.jsonl"));
    assertThat(where.store())
        .isEqualTo("jdbc:h2:file:" + conf.resolve("store/audit") + ";MODE=PostgreSQL");
    assertThat(where.storeFile()).isEmpty();
    assertThat(where.checkpointKeyFile()).contains(conf.resolve("journal/j.jsonl.key"));
    assertThat(where.keyBesideJournal()).isTrue();
    assertThat(where.publicKeyFile()).isEqualTo(conf.resolve("journal/j.jsonl.pub"));

    AuditLocations jsonl = locations("  store: file:../out/a.jsonl\n");
    assertThat(jsonl.storeFile()).contains(dir.resolve("out/a.jsonl"));
    assertThat(jsonl.journal()).isEqualTo(conf.resolve("phiguard-journal"));
  }

  @Test
  void aKeyFileElsewhereIsCreatedOwnerOnlyAndItsPublicHalfWrittenBesideTheJournal()
      throws Exception {
    AuditLocations where =
        locations("  journal: ./j.jsonl\n  checkpoint-key: file:../secrets/cp.key\n");
    Path keyFile = dir.resolve("secrets/cp.key");
    assertThat(where.checkpointKeyFile()).contains(keyFile);
    assertThat(where.keyBesideJournal()).isFalse();

    KeyPair keys = where.checkpointKeys();

    assertThat(Files.getPosixFilePermissions(keyFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(CheckpointKeys.readKeyPair(keyFile).getPublic()).isEqualTo(keys.getPublic());
    assertThat(Files.readString(where.publicKeyFile())).doesNotContain("PRIVATE");
    assertThat(where.publicKey()).isEqualTo(keys.getPublic());
    assertThat(Files.exists(dir.resolve("conf/j.jsonl.key"))).isFalse();
    // the same key the next time
    assertThat(where.checkpointKeys().getPublic()).isEqualTo(keys.getPublic());
  }

  @Test
  void anUnsetKeyVariableIsNamedNeverGuessed() throws Exception {
    AuditLocations where =
        locations("  journal: ./j.jsonl\n  checkpoint-key: env:PHIGUARD_TEST_UNSET_CP_KEY_4711\n");
    assertThat(where.checkpointKeyFile()).isEmpty();

    assertThatThrownBy(where::checkpointKeys)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("PHIGUARD_TEST_UNSET_CP_KEY_4711 is not set");
    // nothing generated in its place
    assertThat(Files.exists(where.publicKeyFile())).isFalse();
  }
}
