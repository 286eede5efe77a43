package io.phiguard.policy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code hash} mask: a keyed, deterministic, joinable pseudonym. {@code h:} followed by the
 * first 16 bytes of HMAC-SHA256(key, "phiguard-hash-v1" NUL text) in lower-case hex, e.g. {@code
 * h:3f2a…} (34 characters). The text is the value's canonical form (see the driver's README
 * section), in Unicode NFC, UTF-8 encoded; equal values give equal pseudonyms on every database and
 * in every process holding the same key, and nobody without the key can compute or reverse them.
 *
 * <p>The key is never printed: {@link #toString()} names only the algorithm and a key id (the first
 * 4 bytes of SHA-256 of the key), which tells two keys apart without revealing either.
 */
public final class Pseudonymizer {
  /** Every pseudonym starts with this. */
  public static final String PREFIX = "h:";

  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] DOMAIN = "phiguard-hash-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final int OUTPUT_BYTES = 16;

  private final SecretKeySpec key;
  private final String keyId;
  private final ThreadLocal<Mac> macs;

  /** A pseudonymizer with {@code key} (copied; the caller may wipe its array). */
  public Pseudonymizer(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < SecretRef.MIN_BYTES) {
      throw new IllegalArgumentException(
          "a hash key needs at least " + SecretRef.MIN_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(key, ALGORITHM);
    this.keyId = keyId(key);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** The pseudonym of {@code canonicalText}; {@code null} stays {@code null}. */
  public String pseudonym(String canonicalText) {
    if (canonicalText == null) {
      return null;
    }
    String text = Normalizer.normalize(canonicalText, Normalizer.Form.NFC);
    Mac mac = macs.get();
    mac.reset();
    mac.update(DOMAIN);
    byte[] digest = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    return PREFIX + HexFormat.of().formatHex(Arrays.copyOf(digest, OUTPUT_BYTES));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      // every Java SE runtime has HmacSHA256
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String keyId(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Names the algorithm and a key id, never the key. */
  @Override
  public String toString() {
    return "Pseudonymizer[hmac-sha256, key id " + keyId + "]";
  }
}
