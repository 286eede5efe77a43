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
import io.phiguard.approval.grant.Ed25519Jws;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.util.Set;

/**
 * Ed25519 ({@code EdDSA}) verification of identity tokens with the JDK's own provider, through the
 * approval client's {@link Ed25519Jws} (the same code verifies grants). Nimbus verifies Ed25519
 * only through Google Tink, an optional dependency of 2 MB we would rather not ship in a JDBC
 * driver.
 */
final class EdDsaSupport {
  static final Set<JWSAlgorithm> ALGORITHMS = Ed25519Jws.ALGORITHMS;

  private EdDsaSupport() {}

  /** The JDK public key of an Ed25519 JWK. */
  static PublicKey toPublicKey(OctetKeyPair jwk) throws JOSEException {
    if (!Curve.Ed25519.equals(jwk.getCurve())) {
      throw new JOSEException("only Ed25519 OKP keys are supported");
    }
    try {
      return Ed25519Jws.publicKey(jwk.getDecodedX());
    } catch (IllegalArgumentException e) {
      throw new JOSEException(e.getMessage(), e);
    }
  }

  /** Nimbus's verifiers, and the approval client's JDK one for Ed25519 keys. */
  static final class VerifierFactory implements JWSVerifierFactory {
    private final DefaultJWSVerifierFactory nimbus = new DefaultJWSVerifierFactory();

    @Override
    public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
      if (key instanceof EdECPublicKey edKey) {
        return Ed25519Jws.verifier(edKey);
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
}
