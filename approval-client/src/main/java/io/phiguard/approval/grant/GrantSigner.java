package io.phiguard.approval.grant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/** Signs grants (compact JWS, EdDSA over Ed25519) with the approval server's key. */
public final class GrantSigner {
  private final PrivateKey key;
  private final String keyId;

  /** A signer with {@code key}, naming {@code keyId} in each grant's header. */
  public GrantSigner(PrivateKey key, String keyId) {
    this.key = Objects.requireNonNull(key, "key");
    this.keyId = Objects.requireNonNull(keyId, "keyId");
  }

  /**
   * A grant for {@code binding} under {@code rule}, issued at {@code at}, valid until {@code
   * expiresAt}.
   */
  public String sign(GrantBinding binding, String rule, Instant at, Instant expiresAt) {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.EdDSA).type(GrantVerifier.TYPE).keyID(keyId).build();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(GrantVerifier.ISSUER)
            .subject(binding.subject())
            .jwtID(binding.requestId())
            .claim(GrantVerifier.REQUEST, binding.requestId())
            .claim(GrantVerifier.DATASOURCE, binding.datasource())
            .claim(GrantVerifier.FINGERPRINT, binding.fingerprint())
            .claim(GrantVerifier.SQL_HASH, binding.sqlHash())
            .claim(GrantVerifier.PARAMS_DIGEST, binding.paramsDigest())
            .claim(GrantVerifier.RULE, rule)
            .issueTime(Date.from(at))
            .expirationTime(Date.from(expiresAt))
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(Ed25519Jws.signer(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a grant", e);
    }
    return jwt.serialize();
  }

  @Override
  public String toString() {
    return "GrantSigner[kid=" + keyId + "]";
  }
}
