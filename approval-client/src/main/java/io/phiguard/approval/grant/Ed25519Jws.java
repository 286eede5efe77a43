package io.phiguard.approval.grant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Set;

/**
 * Ed25519 JWS signing and verification with the JDK's own provider ({@code
 * Signature.getInstance("Ed25519")}); Nimbus would need Google Tink for it.
 */
public final class Ed25519Jws {
  /** The JWS algorithms that mean Ed25519. */
  public static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

  // DER prefix of an X.509 SubjectPublicKeyInfo for an Ed25519 key (RFC 8410)
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private Ed25519Jws() {}

  /** The 32 raw bytes of an Ed25519 public key (the JWK {@code x}). */
  public static byte[] rawPublicKey(PublicKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded.length != X509_PREFIX.length + 32
        || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
      throw new IllegalArgumentException("not an Ed25519 public key");
    }
    return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
  }

  /** The public key with raw bytes {@code x}. */
  public static PublicKey publicKey(byte[] x) {
    if (x.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
    }
    byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
    System.arraycopy(x, 0, encoded, X509_PREFIX.length, 32);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid Ed25519 public key", e);
    }
  }

  /** Signs with {@code key}. */
  public static JWSSigner signer(PrivateKey key) {
    return new Signer(key);
  }

  /** Verifies with {@code key}. */
  public static JWSVerifier verifier(PublicKey key) {
    return new Verifier(key);
  }

  private static final class Signer implements JWSSigner {
    private final PrivateKey key;
    private final JCAContext jca = new JCAContext();

    Signer(PrivateKey key) {
      this.key = key;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      if (!ALGORITHMS.contains(header.getAlgorithm())) {
        throw new JOSEException("not an EdDSA algorithm");
      }
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(signingInput);
        return Base64URL.encode(s.sign());
      } catch (GeneralSecurityException e) {
        throw new JOSEException("cannot sign with Ed25519", e);
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

  private static final class Verifier implements JWSVerifier {
    private final PublicKey key;
    private final JCAContext jca = new JCAContext();

    Verifier(PublicKey key) {
      this.key = key;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature)
        throws JOSEException {
      if (!ALGORITHMS.contains(header.getAlgorithm())) {
        return false;
      }
      if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
        // RFC 7515 4.1.11: a critical header we do not understand makes the JWS invalid
        return false;
      }
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(signingInput);
        return s.verify(signature.decode());
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
