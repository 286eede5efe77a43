package io.phiguard.it.approvals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Where the approval server's notifications land in a test: a JDK HTTP server on port 0 that keeps
 * every POST (path, headers, body) and answers {@code 204}.
 */
final class Receiver implements AutoCloseable {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  /** One POST as received; header names in lower case. */
  record Delivery(String path, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final HttpServer http;
  private final List<Delivery> received = new CopyOnWriteArrayList<>();

  Receiver() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", this::keep);
    http.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path);
  }

  /** Everything posted to {@code path} so far. */
  List<Delivery> received(String path) {
    return received.stream().filter(d -> d.path().equals(path)).toList();
  }

  /** The first delivery to {@code path} matching {@code wanted}, once it arrives. */
  Delivery await(String path, Predicate<Delivery> wanted) throws InterruptedException {
    long until = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < until) {
      for (Delivery d : received(path)) {
        if (wanted.test(d)) {
          return d;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no matching delivery to " + path + "; got " + received(path));
  }

  private void keep(HttpExchange ex) throws IOException {
    try (ex) {
      Map<String, String> headers = new TreeMap<>();
      ex.getRequestHeaders()
          .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (ex.getRequestMethod().equals("POST")) {
        received.add(new Delivery(ex.getRequestURI().getPath(), headers, body));
      }
      ex.sendResponseHeaders(ex.getRequestMethod().equals("POST") ? 204 : 405, -1);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
