package io.phiguard.driver;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The values bound to a prepared statement, as a digest the approval request and its grant are
 * bound to: a grant approves one statement with one set of values. Each parameter is kept as a
 * canonical encoding (type tag and value) by index; the values themselves never leave the process.
 * The digest is an HMAC-SHA256 under a key random per process, so the approval server cannot test
 * guesses of low-entropy values (a birth date, an SSN) against it.
 */
public final class ParameterDigest {
  private static final byte[] KEY = new byte[32];
  private static final String NO_PARAMETERS;
  // one keyed MAC per thread: looking the algorithm up costs more than digesting a few values
  private static final ThreadLocal<Mac> MACS =
      ThreadLocal.withInitial(
          () -> {
            try {
              Mac mac = Mac.getInstance("HmacSHA256");
              mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
              return mac;
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
            }
          });

  static {
    new SecureRandom().nextBytes(KEY);
    NO_PARAMETERS = digestOf(Map.of());
  }

  private final TreeMap<Integer, String> bound = new TreeMap<>();

  /** The digest of a statement without parameters. */
  public static String none() {
    return NO_PARAMETERS;
  }

  /** A digest that matches nothing else: for values that were not tracked. */
  public static String unrepeatable() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** Records that parameter {@code index} holds {@code canonical} (type tag and value). */
  public void bind(int index, String canonical) {
    bound.put(index, canonical);
  }

  /** Forgets every value ({@code clearParameters}). */
  public void clear() {
    bound.clear();
  }

  /** The digest of the values bound now. */
  public String digest() {
    return digestOf(bound);
  }

  /** A canonical encoding of {@code value} bound by {@code setter}. */
  public static String encode(String setter, Object value) {
    if (value == null) {
      return setter + ":null";
    }
    if (value instanceof byte[] bytes) {
      return setter + ":bytes:" + HexFormat.of().formatHex(bytes);
    }
    if (value instanceof Object[] array) {
      return setter + ":array:" + java.util.Arrays.deepToString(array);
    }
    if (value instanceof java.io.InputStream
        || value instanceof java.io.Reader
        || value instanceof java.sql.Blob
        || value instanceof java.sql.Clob
        || value instanceof java.sql.Array
        || value instanceof java.sql.SQLXML
        || value instanceof java.sql.Ref) {
      // a stream is read once, by the driver: it cannot be compared, so it never matches a grant
      // of another execution
      return setter + ":unrepeatable:" + System.identityHashCode(value) + ":" + System.nanoTime();
    }
    return setter + ":" + value.getClass().getName() + ":" + value;
  }

  private static String digestOf(Map<Integer, String> values) {
    // doFinal leaves the MAC reset for the next digest on this thread
    Mac mac = MACS.get();
    for (Map.Entry<Integer, String> e : values.entrySet()) {
      byte[] text = e.getValue().getBytes(StandardCharsets.UTF_8);
      mac.update((e.getKey() + ":" + text.length + ":").getBytes(StandardCharsets.UTF_8));
      mac.update(text);
    }
    return HexFormat.of().formatHex(mac.doFinal());
  }

  /** Never the values. */
  @Override
  public String toString() {
    return "ParameterDigest[" + bound.size() + " bound]";
  }
}
