package io.phiguard.driver.token;

import static io.phiguard.driver.token.TokenFixture.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import io.phiguard.driver.TokenSettings;
import io.phiguard.driver.TokenVerifier;
import io.phiguard.policy.Identity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenVerifierTest {
  @TempDir Path dir;
  TokenFixture keys;
  TokenVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    keys = new TokenFixture(dir);
    verifier = TokenVerifier.of(keys.settings().build());
  }

  @Test
  void validRs256TokenIsAVerifiedIdentity() throws Exception {
    String token =
        keys.rs256(
            claims(
                "alice@example.test",
                c ->
                    c.claim("groups", List.of("clinician", "ward-7"))
                        .claim("purpose", "treatment")));

    Identity identity = verifier.verify(token);

    assertThat(identity.subject()).isEqualTo("alice@example.test");
    assertThat(identity.groups()).containsExactlyInAnyOrder("clinician", "ward-7");
    assertThat(identity.purpose()).isEqualTo("treatment");
    assertThat(identity.agent()).isEmpty();
    assertThat(identity.onBehalfOf()).isEmpty();
    assertThat(identity.verified()).isTrue();
    assertThat(identity.source()).isEqualTo(Identity.Source.TOKEN);
  }

  @Test
  void validEs256AndEdDsaTokensAreAccepted() throws Exception {
    assertThat(verifier.verify(keys.es256(claims("ec-user").build())).subject())
        .isEqualTo("ec-user");
    assertThat(verifier.verify(keys.eddsa(claims("ed-user").build())).subject())
        .isEqualTo("ed-user");
  }

  @Test
  void expiredTokenIsRefused() throws Exception {
    String token = keys.rs256(claims("alice").build());
    keys.clock.advance(Duration.ofMinutes(5).plusSeconds(61));

    assertRefused(() -> verifier.verify(token), token, "expired");
  }

  @Test
  void expiryWithinTheClockSkewIsTolerated() throws Exception {
    String token = keys.rs256(claims("alice").build());
    keys.clock.advance(Duration.ofMinutes(5).plusSeconds(59));

    assertThat(verifier.verify(token).subject()).isEqualTo("alice");
  }

  @Test
  void cachedTokenStillExpires() throws Exception {
    String token = keys.rs256(claims("alice").build());
    assertThat(verifier.verify(token).subject()).isEqualTo("alice");
    keys.clock.advance(Duration.ofMinutes(7));

    assertRefused(() -> verifier.verify(token), token, "expired");
  }

  @Test
  void notYetValidTokenIsRefused() throws Exception {
    String token =
        keys.rs256(
            claims("alice", c -> c.notBeforeTime(Date.from(TokenFixture.NOW.plusSeconds(120)))));

    assertRefused(() -> verifier.verify(token), token, "not valid yet");
  }

  @Test
  void wrongAudienceIsRefused() throws Exception {
    String token = keys.rs256(claims("alice", c -> c.audience("api://billing")));

    assertRefused(() -> verifier.verify(token), token, "wrong audience");
  }

  @Test
  void wrongIssuerIsRefused() throws Exception {
    String token = keys.rs256(claims("alice", c -> c.issuer("https://evil.example.test")));

    assertRefused(() -> verifier.verify(token), token, "wrong issuer");
  }

  @Test
  void tokenWithoutExpiryIsRefused() throws Exception {
    String token = keys.rs256(claims("alice", c -> c.expirationTime(null)));

    assertRefused(() -> verifier.verify(token), token, "no expiry");
  }

  @Test
  void unknownKeyIsRefused() throws Exception {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-unknown").generate();
    String token =
        TokenFixture.sign(
            new RSASSASigner(stranger),
            TokenFixture.header(JWSAlgorithm.RS256, "rsa-unknown"),
            claims("alice").build());

    assertRefused(() -> verifier.verify(token), token, "unknown key");
  }

  @Test
  void keyIdOfAKnownKeyButSignedWithAnotherIsABadSignature() throws Exception {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    String token =
        TokenFixture.sign(
            new RSASSASigner(stranger),
            TokenFixture.header(JWSAlgorithm.RS256, "rsa-1"),
            claims("alice").build());

    assertRefused(() -> verifier.verify(token), token, "signature is invalid");
  }

  @Test
  void algNoneIsRefused() throws Exception {
    String token = new PlainJWT(claims("alice").build()).serialize();

    assertRefused(() -> verifier.verify(token), token, "'none' is never allowed");
  }

  @Test
  void algNoneInASignedLookingHeaderIsRefused() throws Exception {
    String valid = keys.rs256(claims("alice").build());
    String[] parts = valid.split("\\.");
    String noneHeader =
        Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa-1\"}".getBytes(StandardCharsets.UTF_8))
            .toString();
    String token = noneHeader + "." + parts[1] + "." + parts[2];

    assertRefused(() -> verifier.verify(token), token, "'none' is never allowed");
  }

  @Test
  void tamperedPayloadIsRefused() throws Exception {
    String valid = keys.rs256(claims("alice", c -> c.claim("groups", List.of("nurse"))));
    String[] parts = valid.split("\\.");
    String forged =
        Base64URL.encode(
                claims("alice", c -> c.claim("groups", List.of("admin")))
                    .toString()
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    String token = parts[0] + "." + forged + "." + parts[2];

    assertRefused(() -> verifier.verify(token), token, "signature is invalid");
  }

  @Test
  void tamperedEdDsaPayloadIsRefused() throws Exception {
    String valid = keys.eddsa(claims("alice").build());
    String[] parts = valid.split("\\.");
    String forged =
        Base64URL.encode(claims("mallory").build().toString().getBytes(StandardCharsets.UTF_8))
            .toString();
    String token = parts[0] + "." + forged + "." + parts[2];

    assertRefused(() -> verifier.verify(token), token, "signature is invalid");
  }

  @Test
  void hs256SignedWithThePublicKeyIsRefused() throws Exception {
    // algorithm confusion: an attacker uses the published RSA key as an HMAC secret
    byte[] publicKey = keys.rsa.toRSAPublicKey().getEncoded();
    String token =
        TokenFixture.sign(
            new MACSigner(publicKey),
            TokenFixture.header(JWSAlgorithm.HS256, "rsa-1"),
            claims("mallory").build());

    assertRefused(() -> verifier.verify(token), token, "HS256 is not allowed");
  }

  @Test
  void algorithmOutsideTheConfiguredListIsRefused() throws Exception {
    TokenVerifier rsaOnly = TokenVerifier.of(keys.settings().algorithms(Set.of("RS256")).build());
    String token = keys.es256(claims("alice").build());

    assertRefused(() -> rsaOnly.verify(token), token, "ES256 is not allowed");
  }

  @Test
  void symmetricAlgorithmsCannotBeConfigured() {
    assertThatThrownBy(() -> keys.settings().algorithms(Set.of("HS256")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("symmetric");
    assertThatThrownBy(() -> keys.settings().algorithms(Set.of("none")).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                TokenSettings.builder("http://idp.example.test/keys")
                    .issuer(TokenFixture.ISSUER)
                    .audience(TokenFixture.AUDIENCE)
                    .build())
        .hasMessageContaining("https");
    assertThatThrownBy(() -> keys.settings().clockSkew(Duration.ofMinutes(10)).build())
        .hasMessageContaining("clock skew");
  }

  @Test
  void malformedTokenIsRefused() {
    assertRefused(() -> verifier.verify("not-a-jwt"), "not-a-jwt", "malformed");
    assertRefused(() -> verifier.verify(" "), " ", "no token");
  }

  @Test
  void entraRolesClaimBecomesGroups() throws Exception {
    TokenVerifier entra = TokenVerifier.of(keys.settings().groupsClaim("roles").build());
    String token =
        keys.rs256(
            claims(
                "00000000-aaaa-bbbb-cccc-000000000001",
                c ->
                    c.claim("roles", List.of("PHI.Reader", "Clinician"))
                        .claim("groups", List.of("ignored-guid"))));

    Identity identity = entra.verify(token);

    assertThat(identity.groups()).containsExactlyInAnyOrder("PHI.Reader", "Clinician");
  }

  @Test
  void nestedGroupsClaimPath() throws Exception {
    TokenVerifier keycloak =
        TokenVerifier.of(keys.settings().groupsClaim("realm_access.roles").build());
    String token =
        keys.rs256(
            claims("kc-user", c -> c.claim("realm_access", Map.of("roles", List.of("clinician")))));

    assertThat(keycloak.verify(token).groups()).containsExactly("clinician");
  }

  @Test
  void clientCredentialsTokenIsAnAgent() throws Exception {
    String okta = keys.rs256(claims("0oa-etl-client", c -> c.claim("client_id", "0oa-etl-client")));
    String entraApp =
        keys.rs256(
            claims(
                "sp-object-id",
                c -> c.claim("azp", "app-guid").claim("idtyp", "app").claim("roles", List.of())));
    String human =
        keys.rs256(claims("alice", c -> c.claim("azp", "web-portal").claim("client_id", "web")));
    String declared = keys.rs256(claims("alice", c -> c.claim("phiguard_agent", "claude-code")));

    assertThat(verifier.verify(okta).agent()).isEqualTo("0oa-etl-client");
    assertThat(verifier.verify(entraApp).agent()).isEqualTo("app-guid");
    assertThat(verifier.verify(human).agent()).isEmpty();
    Identity withAgent = verifier.verify(declared);
    assertThat(withAgent.subject()).isEqualTo("alice");
    assertThat(withAgent.agent()).isEqualTo("claude-code");
  }

  @Test
  void agentTokenWithActClaimShowsTheHuman() throws Exception {
    // RFC 8693 delegation: alice's rights, exercised by the agent, through a gateway earlier
    String token =
        keys.rs256(
            claims(
                "alice",
                c ->
                    c.claim("groups", List.of("clinician"))
                        .claim(
                            "act",
                            Map.of(
                                "sub",
                                "agent-7",
                                "client_id",
                                "claude-code",
                                "act",
                                Map.of("sub", "mcp-gateway")))));

    Identity identity = verifier.verify(token);

    assertThat(identity.subject()).isEqualTo("agent-7");
    assertThat(identity.agent()).isEqualTo("claude-code");
    // nearest first: the gateway agent-7 acts through, then the human
    assertThat(identity.onBehalfOf()).containsExactly("mcp-gateway", "alice");
    assertThat(identity.groups()).containsExactly("clinician");
    assertThat(identity.verified()).isTrue();
  }

  @Test
  void malformedActClaimIsRefused() throws Exception {
    String token = keys.rs256(claims("alice", c -> c.claim("act", "agent-7")));

    assertRefused(() -> verifier.verify(token), token, "act claim");
  }

  @Test
  void removingAKeyFromTheJwksRevokesCachedTokens() throws Exception {
    TokenVerifier shortTtl =
        TokenVerifier.of(keys.settings().jwksTtl(Duration.ofMinutes(1)).build());
    String token = keys.rs256(claims("alice").build());
    assertThat(shortTtl.verify(token).subject()).isEqualTo("alice");

    keys.writeJwks(keys.ec, keys.edJwk);
    keys.clock.advance(Duration.ofMinutes(2)); // past the JWKS TTL, token still valid

    assertRefused(() -> shortTtl.verify(token), token, "unknown key");
  }

  @Test
  void rotatedKeyIsFoundWithoutWaitingForTheTtl() throws Exception {
    RSAKey next = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    verifier.verify(keys.rs256(claims("alice").build())); // loads the JWKS
    keys.writeJwks(keys.rsa, next);
    String token =
        TokenFixture.sign(
            new RSASSASigner(next),
            TokenFixture.header(JWSAlgorithm.RS256, "rsa-2"),
            claims("bob").build());

    assertThat(verifier.verify(token).subject()).isEqualTo("bob");
  }

  @Test
  void missingJwksIsRefusedWith28000() throws Exception {
    TokenVerifier missing =
        TokenVerifier.of(
            TokenSettings.builder(dir.resolve("nope.json"))
                .issuer(TokenFixture.ISSUER)
                .audience(TokenFixture.AUDIENCE)
                .clock(keys.clock)
                .build());
    String token = keys.rs256(claims("alice").build());

    assertRefused(() -> missing.verify(token), token, "cannot load the signing keys");
  }

  static void assertRefused(ThrowingCallable call, String token, String why) {
    assertThatThrownBy(call)
        .isInstanceOf(SQLInvalidAuthorizationSpecException.class)
        .hasMessageContaining(why)
        .satisfies(
            e -> {
              assertThat(((SQLException) e).getSQLState()).isEqualTo("28000");
              if (token.length() > 20) {
                // never the token, nor any of its parts
                for (String part : token.split("\\.")) {
                  if (!part.isEmpty()) {
                    assertThat(e.getMessage()).doesNotContain(part);
                  }
                }
              }
            });
  }
}
