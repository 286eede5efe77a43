package io.phiguard.approval.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (standardwebhooks.com): {@code webhook-signature: v1,<base64 of
 * HMAC-SHA256(secret, id + "." + timestamp + "." + body)>}, the secret given as {@code
 * whsec_<base64>}. Used to sign outgoing notifications and to verify inbound decision callbacks.
 */
public final class StandardWebhooks {
  /** How far a timestamp may be from now, either way. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private static final String PREFIX = "whsec_";
  private final byte[] key;

  private StandardWebhooks(byte[] key) {
    this.key = key;
  }

  /**
   * The signer for {@code secret} ({@code whsec_} followed by base64, as the standard prints it).
   *
   * @throws IllegalArgumentException when it is not such a secret or shorter than 24 bytes
   */
  public static StandardWebhooks fromSecret(String secret) {
    Objects.requireNonNull(secret, "secret");
    String b64 = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
    byte[] key;
    try {
      key = Base64.getDecoder().decode(b64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a webhook secret is whsec_ followed by base64");
    }
    if (key.length < 24) {
      throw new IllegalArgumentException("a webhook secret needs at least 24 random bytes");
    }
    return new StandardWebhooks(key);
  }

  /** The {@code webhook-signature} value for a message. */
  public String sign(String id, long timestampSeconds, String body) {
    return "v1,"
        + Base64.getEncoder().encodeToString(mac(id + "." + timestampSeconds + "." + body));
  }

  /**
   * Checks a received message: the timestamp within {@link #TOLERANCE} of {@code now} and one of
   * the space-separated {@code v1} signatures matching.
   *
   * @return null when it verifies, else why not (no secret material in the text)
   */
  public String verify(String id, String timestamp, String signatures, String body, Instant now) {
    if (id == null || timestamp == null || signatures == null) {
      return "the webhook-id, webhook-timestamp and webhook-signature headers are required";
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      return "webhook-timestamp is not a number of seconds";
    }
    if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
      return "webhook-timestamp is more than 5 minutes from the server's time (stale or replayed)";
    }
    byte[] expected = mac(id + "." + seconds + "." + body);
    for (String candidate : signatures.strip().split(" ")) {
      if (!candidate.startsWith("v1,")) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(candidate.substring(3));
      } catch (IllegalArgumentException e) {
        continue;
      }
      // constant time: a timing side channel would let a forger find the MAC byte by byte
      if (MessageDigest.isEqual(expected, given)) {
        return null;
      }
    }
    return "no webhook-signature matches (forged, or signed with another secret)";
  }

  private byte[] mac(String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "StandardWebhooks[secret hidden]";
  }
}
