package io.phiguard.driver.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.phiguard.driver.TokenSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/** Keys generated per test, a JWKS file of their public halves, and tokens signed with them. */
final class TokenFixture {
  static final String ISSUER = "https://idp.example.test/oauth2/default";
  static final String AUDIENCE = "api://phiguard";
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  final RSAKey rsa;
  final ECKey ec;
  final KeyPair ed;
  final OctetKeyPair edJwk;
  final Path jwks;
  final MutableClock clock = new MutableClock(NOW);

  TokenFixture(Path dir) throws JOSEException, GeneralSecurityException, IOException {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] encoded = ed.getPublic().getEncoded();
    byte[] x = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    edJwk = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID("ed-1").build();
    jwks = dir.resolve("jwks.json");
    writeJwks(rsa, ec, edJwk);
  }

  /** Replaces the JWKS file with the public halves of {@code keys}. */
  void writeJwks(JWK... keys) throws IOException {
    List<JWK> list = new ArrayList<>(Arrays.asList(keys));
    Path tmp = jwks.resolveSibling("jwks.tmp");
    Files.writeString(tmp, new JWKSet(list).toPublicJWKSet().toString(), StandardCharsets.UTF_8);
    Files.move(
        tmp,
        jwks,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  TokenSettings.Builder settings() {
    return TokenSettings.builder(jwks).issuer(ISSUER).audience(AUDIENCE).clock(clock);
  }

  /** Claims valid at {@link #NOW} for five minutes. */
  static JWTClaimsSet.Builder claims(String subject) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(List.of(AUDIENCE, "other-api"))
        .subject(subject)
        .issueTime(Date.from(NOW))
        .notBeforeTime(Date.from(NOW))
        .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5))));
  }

  static JWTClaimsSet claims(String subject, UnaryOperator<JWTClaimsSet.Builder> more) {
    return more.apply(claims(subject)).build();
  }

  String rs256(JWTClaimsSet claims) throws JOSEException {
    return sign(new RSASSASigner(rsa), header(JWSAlgorithm.RS256, rsa.getKeyID()), claims);
  }

  String es256(JWTClaimsSet claims) throws JOSEException {
    return sign(new ECDSASigner(ec), header(JWSAlgorithm.ES256, ec.getKeyID()), claims);
  }

  /** Signed with the JDK: Nimbus signs Ed25519 only through Tink, which we do not ship. */
  String eddsa(JWTClaimsSet claims) throws GeneralSecurityException {
    String input =
        header(JWSAlgorithm.EdDSA, edJwk.getKeyID()).toBase64URL()
            + "."
            + Base64URL.encode(claims.toString().getBytes(StandardCharsets.UTF_8));
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(ed.getPrivate());
    signer.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + Base64URL.encode(signer.sign());
  }

  static JWSHeader header(JWSAlgorithm algorithm, String kid) {
    return new JWSHeader.Builder(algorithm).keyID(kid).build();
  }

  static String sign(com.nimbusds.jose.JWSSigner signer, JWSHeader header, JWTClaimsSet claims)
      throws JOSEException {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  /** A clock tests move forward. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
