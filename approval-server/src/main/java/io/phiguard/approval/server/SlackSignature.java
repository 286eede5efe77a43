package io.phiguard.approval.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack request signatures, version 0: {@code X-Slack-Signature: v0=<hex HMAC-SHA256(signing
 * secret, "v0:" + X-Slack-Request-Timestamp + ":" + raw body)>}, refused when the timestamp is more
 * than 5 minutes from now.
 */
public final class SlackSignature {
  /** The oldest (or most future) timestamp accepted. */
  public static final Duration WINDOW = Duration.ofMinutes(5);

  private final byte[] secret;

  /** Verifies with the app's signing secret. */
  public SlackSignature(String signingSecret) {
    if (signingSecret == null || signingSecret.length() < 16) {
      throw new IllegalArgumentException("the Slack signing secret is missing or too short");
    }
    this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
  }

  /** The signature Slack would send for {@code body} at {@code timestamp}. */
  public String sign(String timestamp, String body) {
    return "v0=" + HexFormat.of().formatHex(mac("v0:" + timestamp + ":" + body));
  }

  /** Null when the request verifies, else why not. */
  public String verify(String timestamp, String signature, String body, Instant now) {
    if (timestamp == null || signature == null) {
      return "X-Slack-Request-Timestamp and X-Slack-Signature are required";
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      return "X-Slack-Request-Timestamp is not a number";
    }
    if (Math.abs(now.getEpochSecond() - seconds) > WINDOW.toSeconds()) {
      return "the Slack request is older than 5 minutes (stale or replayed)";
    }
    byte[] expected = sign(timestamp.strip(), body).getBytes(StandardCharsets.US_ASCII);
    // constant time comparison
    if (!MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.US_ASCII))) {
      return "X-Slack-Signature does not match (forged, or another app's secret)";
    }
    return null;
  }

  private byte[] mac(String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "SlackSignature[secret hidden]";
  }
}
