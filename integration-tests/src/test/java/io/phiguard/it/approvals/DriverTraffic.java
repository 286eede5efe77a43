package io.phiguard.it.approvals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * Stands between the driver and an approval server, passing everything on unchanged and keeping the
 * driver's side of the conversation in order: {@code "> GET /v1/requests/…"} for each request and
 * {@code "< {…}"} for each answer. Shows what the driver was told and whether it asked again.
 */
final class DriverTraffic implements AutoCloseable {
  private final URI target;
  private final HttpServer proxy;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private DriverTraffic(URI target) throws IOException {
    this.target = target;
    this.proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // long-polls hold their handler: one thread each
    proxy.setExecutor(handlers);
    proxy.createContext("/", this::forward);
    proxy.start();
  }

  /** A proxy in front of {@code target}. */
  static DriverTraffic inFrontOf(URI target) throws IOException {
    return new DriverTraffic(target);
  }

  /** Where the driver should send its requests. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + proxy.getAddress().getPort());
  }

  /**
   * Waits until an answer matching {@code answer} was passed on and the driver then sent another
   * request; fails after {@code patience}.
   */
  void awaitAskedAgainAfter(Predicate<String> answer, Duration patience)
      throws InterruptedException {
    long until = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < until) {
      List<String> seen = List.copyOf(lines);
      for (int i = 0; i < seen.size(); i++) {
        if (seen.get(i).startsWith("< ") && answer.test(seen.get(i))) {
          for (int j = i + 1; j < seen.size(); j++) {
            if (seen.get(j).startsWith("> ")) {
              return;
            }
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the driver was not told that, or did not ask again: " + lines);
  }

  private void forward(HttpExchange ex) throws IOException {
    try (ex) {
      lines.add("> " + ex.getRequestMethod() + " " + ex.getRequestURI());
      byte[] body = ex.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
              .method(
                  ex.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      if (body.length > 0) {
        request.header("Content-Type", "application/json");
      }
      HttpResponse<String> answer =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      lines.add("< " + answer.body());
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(answer.statusCode(), bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    proxy.stop(0);
    handlers.shutdownNow();
  }
}
