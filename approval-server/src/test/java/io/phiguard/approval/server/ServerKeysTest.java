package io.phiguard.approval.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.approval.grant.GrantBinding;
import io.phiguard.approval.grant.GrantException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerKeysTest {
  @TempDir Path dir;

  @Test
  void aKeyGeneratedOnFirstStartIsReadBackOnTheNextAndKeptPrivate() throws Exception {
    Path file = dir.resolve("keys/grant-key.pem");
    ServerKeys first = ServerKeys.loadOrCreate(file);
    ServerKeys second = ServerKeys.loadOrCreate(file);
    assertThat(second.keyId()).isEqualTo(first.keyId());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");

    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    GrantBinding binding =
        new GrantBinding("apr_1", "s", "ds", "fp", "a".repeat(64), "b".repeat(64));
    String grant = first.signer().sign(binding, "r", now, now.plusSeconds(60));
    assertThat(second.verifier(Clock.fixed(now, ZoneOffset.UTC)).verify(grant, binding).binding())
        .isEqualTo(binding);
  }

  @Test
  void anotherServersKeyDoesNotVerify() {
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    GrantBinding binding =
        new GrantBinding("apr_1", "s", "ds", "fp", "a".repeat(64), "b".repeat(64));
    String grant = ServerKeys.ephemeral().signer().sign(binding, "r", now, now.plusSeconds(60));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ServerKeys.ephemeral()
                    .verifier(Clock.fixed(now, ZoneOffset.UTC))
                    .verify(grant, binding))
        .isInstanceOf(GrantException.class);
  }

  @Test
  void thePublicJwksNamesTheKeyAndHoldsNoPrivatePart() {
    ServerKeys keys = ServerKeys.ephemeral();
    String jwks = keys.publicJwks();
    assertThat(jwks).contains("\"kid\":\"" + keys.keyId() + "\"").contains("\"crv\":\"Ed25519\"");
    assertThat(jwks).doesNotContain("\"d\"");
  }
}
