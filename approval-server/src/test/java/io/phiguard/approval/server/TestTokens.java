package io.phiguard.approval.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** A test OIDC issuer: an RSA key, its JWKS file, and access tokens for approvers. */
final class TestTokens {
  static final String ISSUER = "https://idp.test";
  static final String AUDIENCE = "phiguard-approvals";

  private final RSAKey key;
  final Path jwks;

  TestTokens(Path dir) throws IOException, JOSEException {
    this.key = new RSAKeyGenerator(2048).keyID("test-1").generate();
    this.jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
  }

  String token(String subject, Instant now, String... groups) throws JOSEException {
    return token(subject, ISSUER, now.plusSeconds(300), groups);
  }

  String token(String subject, String issuer, Instant expiry, String... groups)
      throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .subject(subject)
                .claim("groups", List.of(groups))
                .expirationTime(Date.from(expiry))
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
