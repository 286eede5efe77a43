package io.phiguard.it.approvals;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The test's own implementations of the two signature schemes the approval server speaks, written
 * from their specifications (not the server's classes), so the server is checked against them.
 */
final class Signatures {
  private Signatures() {}

  /**
   * Standard Webhooks: {@code v1,} + base64 HMAC-SHA256 of {@code id.timestamp.body}, keyed with
   * the base64-decoded part of the secret after {@code whsec_}.
   */
  static String standardWebhook(String secret, String id, long timestamp, String body) {
    if (!secret.startsWith("whsec_")) {
      throw new IllegalArgumentException("not a whsec_ secret");
    }
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    return "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + timestamp + "." + body));
  }

  /**
   * Whether a received {@code webhook-signature} header (space-separated {@code v1,…} entries)
   * holds the signature of this message under {@code secret}.
   */
  static boolean verifiesAsStandardWebhook(
      String secret, String id, String timestamp, String signatureHeader, String body) {
    if (id == null || timestamp == null || signatureHeader == null) {
      return false;
    }
    byte[] expected =
        standardWebhook(secret, id, Long.parseLong(timestamp), body)
            .getBytes(StandardCharsets.US_ASCII);
    for (String candidate : signatureHeader.trim().split(" +")) {
      if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }

  /** Slack v0: {@code v0=} + hex HMAC-SHA256 of {@code v0:timestamp:body} under the secret. */
  static String slack(String signingSecret, long timestamp, String body) {
    byte[] key = signingSecret.getBytes(StandardCharsets.UTF_8);
    return "v0=" + HexFormat.of().formatHex(hmac(key, "v0:" + timestamp + ":" + body));
  }

  private static byte[] hmac(byte[] key, String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
