package io.phiguard.approval.server;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;

/** Reading bounded JSON request bodies and writing JSON (through Nimbus's JSON utilities). */
final class JsonBodies {
  /** The largest request body accepted. */
  static final int MAX_BODY = 64 * 1024;

  private JsonBodies() {}

  /** The raw body, at most {@link #MAX_BODY} bytes. */
  static byte[] read(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (out.size() + n > MAX_BODY) {
        throw new IllegalArgumentException(
            "the request body is larger than " + MAX_BODY + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** A JSON object from {@code body}. */
  static Map<String, Object> object(byte[] body) {
    try {
      return JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8), MAX_BODY);
    } catch (ParseException e) {
      throw new IllegalArgumentException("the request body is not a JSON object");
    }
  }

  /** {@code json} as text. */
  static String write(Map<String, ?> json) {
    return JSONObjectUtils.toJSONString(json);
  }
}
