package io.phiguard.approval.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantVerifierTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final GrantBinding BINDING =
      new GrantBinding(
          "apr_1", "report-bot", "postgresql://db/ehr", "fp-1", "a".repeat(64), "b".repeat(64));

  private final KeyPair pair = generate();
  private final GrantSigner signer = new GrantSigner(pair.getPrivate(), "k1");

  private static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private GrantVerifier verifierAt(Instant at) {
    return new GrantVerifier(
        Map.of("k1", pair.getPublic()), Clock.fixed(at, ZoneOffset.UTC), Duration.ofSeconds(30));
  }

  private String grant() {
    return signer.sign(BINDING, "bulk-export", NOW, NOW.plus(Duration.ofMinutes(10)));
  }

  @Test
  void aFreshGrantForTheSameStatementVerifies() throws GrantException {
    GrantClaims claims = verifierAt(NOW.plusSeconds(60)).verify(grant(), BINDING);
    assertThat(claims.binding()).isEqualTo(BINDING);
    assertThat(claims.rule()).isEqualTo("bulk-export");
    assertThat(claims.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
  }

  @Test
  void aTamperedPayloadFailsTheSignature() {
    String[] parts = grant().split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.replace("b".repeat(64), "c".repeat(64)).getBytes())
            + "."
            + parts[2];
    assertThatThrownBy(() -> verifierAt(NOW).verify(forged, BINDING))
        .isInstanceOfSatisfying(
            GrantException.class,
            e -> assertThat(e.problem()).isEqualTo(GrantException.Problem.BAD_SIGNATURE));
  }

  @Test
  void aGrantSignedByAnotherKeyFails() {
    String other =
        new GrantSigner(generate().getPrivate(), "k1")
            .sign(BINDING, "bulk-export", NOW, NOW.plusSeconds(600));
    assertThatThrownBy(() -> verifierAt(NOW).verify(other, BINDING))
        .isInstanceOfSatisfying(
            GrantException.class,
            e -> assertThat(e.problem()).isEqualTo(GrantException.Problem.BAD_SIGNATURE));
  }

  @Test
  void anUnsignedOrGarbageGrantIsMalformed() {
    String[] parts = grant().split("\\.");
    String none =
        Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
            + "."
            + parts[1]
            + ".";
    for (String bad : new String[] {none, "x.y.z", "", "not a jws"}) {
      assertThatThrownBy(() -> verifierAt(NOW).verify(bad, BINDING))
          .isInstanceOfSatisfying(
              GrantException.class,
              e -> assertThat(e.problem()).isEqualTo(GrantException.Problem.MALFORMED));
    }
  }

  @Test
  void anExpiredGrantIsRefused() {
    assertThatThrownBy(() -> verifierAt(NOW.plus(Duration.ofMinutes(11))).verify(grant(), BINDING))
        .isInstanceOfSatisfying(
            GrantException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(GrantException.Problem.EXPIRED);
              assertThat(e.getMessage()).contains("apr_1");
            });
  }

  @Test
  void aGrantUsedWithOtherParameterValuesOrByAnotherIdentityIsRefused() {
    GrantBinding otherParams =
        new GrantBinding(
            "apr_1", "report-bot", "postgresql://db/ehr", "fp-1", "a".repeat(64), "d".repeat(64));
    assertThatThrownBy(() -> verifierAt(NOW).verify(grant(), otherParams))
        .hasMessageContaining("other parameter values");
    GrantBinding otherSubject =
        new GrantBinding(
            "apr_1", "mallory", "postgresql://db/ehr", "fp-1", "a".repeat(64), "b".repeat(64));
    assertThatThrownBy(() -> verifierAt(NOW).verify(grant(), otherSubject))
        .isInstanceOfSatisfying(
            GrantException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(GrantException.Problem.MISMATCH);
              assertThat(e.getMessage()).contains("another identity");
            });
    GrantBinding otherSql =
        new GrantBinding(
            "apr_1", "report-bot", "postgresql://db/ehr", "fp-1", "e".repeat(64), "b".repeat(64));
    assertThatThrownBy(() -> verifierAt(NOW).verify(grant(), otherSql))
        .hasMessageContaining("another SQL text");
  }
}
