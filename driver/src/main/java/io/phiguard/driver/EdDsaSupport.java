package io.phiguard.driver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;

/**
 * Ed25519 ({@code EdDSA}) verification with the JDK's own provider. Nimbus verifies Ed25519 only
 * through Google Tink, an optional dependency of 2 MB we would rather not ship in a JDBC driver.
 */
final class EdDsaSupport {
  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

  // the DER prefix of an X.509 SubjectPublicKeyInfo for an Ed25519 key (RFC 8410), before the
  // 32 raw key bytes
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private EdDsaSupport() {}

  /** The JDK public key of an Ed25519 JWK. */
  static PublicKey toPublicKey(OctetKeyPair jwk) throws JOSEException {
    if (!Curve.Ed25519.equals(jwk.getCurve())) {
      throw new JOSEException("only Ed25519 OKP keys are supported");
    }
    byte[] x = jwk.getDecodedX();
    if (x.length != 32) {
      throw new JOSEException("an Ed25519 key has 32 bytes");
    }
    byte[] encoded = new byte[X509_PREFIX.length + x.length];
    System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
    System.arraycopy(x, 0, encoded, X509_PREFIX.length, x.length);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new JOSEException("invalid Ed25519 key", e);
    }
  }

  /** Nimbus's verifiers, and ours for Ed25519 keys. */
  static final class VerifierFactory implements JWSVerifierFactory {
    private final DefaultJWSVerifierFactory nimbus = new DefaultJWSVerifierFactory();

    @Override
    public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
      if (key instanceof EdECPublicKey edKey) {
        return new Verifier(edKey);
      }
      return nimbus.createJWSVerifier(header, key);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return nimbus.supportedJWSAlgorithms();
    }

    @Override
    public JCAContext getJCAContext() {
      return nimbus.getJCAContext();
    }
  }

  /** Verifies an Ed25519 signature with {@code java.security.Signature}. */
  static final class Verifier implements JWSVerifier {
    private final PublicKey key;
    private final JCAContext jca = new JCAContext();

    Verifier(PublicKey key) {
      this.key = key;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature)
        throws JOSEException {
      if (!ALGORITHMS.contains(header.getAlgorithm())) {
        throw new JOSEException("not an EdDSA algorithm");
      }
      if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
        // RFC 7515 4.1.11: a critical header we do not understand makes the JWS invalid
        return false;
      }
      try {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(signingInput);
        return verifier.verify(signature.decode());
      } catch (SignatureException e) {
        return false;
      } catch (GeneralSecurityException e) {
        throw new JOSEException("cannot verify an Ed25519 signature", e);
      }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return ALGORITHMS;
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }
}
