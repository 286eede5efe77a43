package io.phiguard.approval.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writing JSON answers and reading headers of {@link HttpExchange}s. */
final class HttpReplies {
  private HttpReplies() {}

  static void json(HttpExchange ex, int status, Map<String, ?> body) throws IOException {
    send(ex, status, "application/json", JsonBodies.write(body));
  }

  static void refusal(HttpExchange ex, Refusal refusal) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", refusal.kind().code());
    body.put("message", refusal.message());
    json(ex, refusal.kind().httpStatus(), body);
  }

  static void error(HttpExchange ex, Refusal.Kind kind, String message) throws IOException {
    refusal(ex, new Refusal(kind, message));
  }

  static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
    ex.close();
  }

  /** The headers with lower-case names. */
  static Map<String, List<String>> headers(HttpExchange ex) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    return out;
  }

  /** One query parameter (first value), or null. */
  static String query(HttpExchange ex, String name) {
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null) {
      return null;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        return eq < 0
            ? ""
            : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
