package io.phiguard.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs and checks checkpoints. The signed message is the UTF-8 text {@code
 * "phiguard-audit-checkpoint/1\n" + writerId + "\n" + coveredSeq + "\n" + coveredHash}: a signature
 * vouches that this writer's chain had this hash at this seq.
 */
public final class CheckpointSigner {
  private static final String ALGORITHM = "Ed25519";
  private final KeyPair keys;
  private final String keyId;

  public CheckpointSigner(KeyPair keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.keyId = CheckpointKeys.keyId(keys.getPublic());
  }

  /** Identifies the key in checkpoint records. */
  public String keyId() {
    return keyId;
  }

  /** Base64 signature over the checkpoint message. */
  String sign(String writerId, long coveredSeq, String coveredHash) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(keys.getPrivate());
      s.update(message(writerId, coveredSeq, coveredHash));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** Whether {@code checkpoint}'s signature is valid under {@code key}. */
  public static boolean verify(AuditRecord checkpoint, PublicKey key) {
    if (checkpoint.kind() != RecordKind.CHECKPOINT
        || checkpoint.signature() == null
        || checkpoint.coveredSeq() == null
        || checkpoint.coveredHash() == null
        || checkpoint.writerId() == null) {
      return false;
    }
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(message(checkpoint.writerId(), checkpoint.coveredSeq(), checkpoint.coveredHash()));
      return s.verify(Base64.getDecoder().decode(checkpoint.signature()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] message(String writerId, long coveredSeq, String coveredHash) {
    return ("phiguard-audit-checkpoint/1\n" + writerId + "\n" + coveredSeq + "\n" + coveredHash)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "CheckpointSigner[key " + keyId + "]";
  }
}
