package io.phiguard.approval.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The shared secret by which the approval server knows a PhiGuard driver ({@code
 * approvals.client-token}), sent in {@value #HEADER} on every call. Printable ASCII without spaces
 * (a header value), e.g. from {@code openssl rand -hex 32}. {@code toString()} never shows it.
 */
public final class ClientToken {
  /** The header the token travels in; {@code Authorization} carries approvers' tokens. */
  public static final String HEADER = "X-PhiGuard-Client-Token";

  private final String value;
  private final byte[] digest;

  private ClientToken(String value) {
    this.value = value;
    this.digest = sha256(value.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The token in {@code secret} (the caller may wipe the array afterwards).
   *
   * @throws IllegalArgumentException when it is empty or holds a byte that is not printable ASCII;
   *     the message never shows the token
   */
  public static ClientToken of(byte[] secret) {
    if (secret.length == 0) {
      throw new IllegalArgumentException("the client token is empty");
    }
    for (byte b : secret) {
      if (b < 0x21 || b > 0x7e) {
        throw new IllegalArgumentException(
            "the client token must be printable ASCII without spaces (e.g. from 'openssl rand -hex"
                + " 32'): it is sent as an HTTP header");
      }
    }
    return new ClientToken(new String(secret, StandardCharsets.US_ASCII));
  }

  /**
   * Whether {@code presented} (a header value, null when absent) is this token. Compares SHA-256
   * digests in constant time, so neither the content nor the length of the token leaks by timing.
   */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(digest, sha256(presented.getBytes(StandardCharsets.UTF_8)));
  }

  /** The header value; only the client sends it. */
  String headerValue() {
    return value;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientToken other && MessageDigest.isEqual(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return "ClientToken[redacted]";
  }
}
