package io.phiguard.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The per-writer hash chain: {@code hash = SHA-256(prevHash bytes || UTF-8 canonical JSON of the
 * record without its "hash" member)}, hex-encoded in lower case. The first record of a writer has
 * {@code prevHash =} {@link #GENESIS} (64 zeros).
 */
public final class HashChain {
  /** The {@code prevHash} of seq 1. */
  public static final String GENESIS = "0".repeat(64);

  private HashChain() {}

  /** The chain hash of {@code record} (its stored {@code hash}, if any, is ignored). */
  public static String hash(AuditRecord record) {
    MessageDigest sha = sha256();
    sha.update(HexFormat.of().parseHex(record.prevHash()));
    sha.update(AuditRecordCodec.canonicalWithoutHash(record).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  static boolean isHex64(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
