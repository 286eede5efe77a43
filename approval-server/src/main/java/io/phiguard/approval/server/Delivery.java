package io.phiguard.approval.server;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Posts notifications with retries: a failed attempt (no answer, or a status other than 2xx) is
 * tried again after each delay of the backoff schedule, then given up and logged. Attempts run on
 * the given scheduler, so tests control time.
 */
public final class Delivery {
  /** The default backoff: 5 s, 30 s, 2 min, 10 min, 30 min. */
  public static final List<Duration> DEFAULT_BACKOFF =
      List.of(
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          Duration.ofMinutes(2),
          Duration.ofMinutes(10),
          Duration.ofMinutes(30));

  private static final System.Logger LOG = System.getLogger(Delivery.class.getName());
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http;
  private final ScheduledExecutorService scheduler;
  private final List<Duration> backoff;

  /**
   * Deliveries through {@code http}, attempts on {@code scheduler}, retried after {@code backoff}.
   */
  public Delivery(HttpClient http, ScheduledExecutorService scheduler, List<Duration> backoff) {
    this.http = http;
    this.scheduler = scheduler;
    this.backoff = List.copyOf(backoff);
  }

  /**
   * Posts {@code body} to {@code url}; {@code headers} is asked again for each attempt (a signature
   * carries the time it was made).
   */
  public void post(URI url, String body, Supplier<Map<String, String>> headers) {
    scheduler.execute(() -> attempt(url, body, headers, 0));
  }

  private void attempt(URI url, String body, Supplier<Map<String, String>> headers, int n) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.get().forEach(b::header);
    http.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              if (error == null && response.statusCode() / 100 == 2) {
                return;
              }
              String why =
                  error != null
                      ? error.getClass().getSimpleName()
                      : "HTTP " + response.statusCode();
              if (n < backoff.size()) {
                Duration delay = backoff.get(n);
                scheduler.schedule(
                    () -> attempt(url, body, headers, n + 1),
                    delay.toMillis(),
                    TimeUnit.MILLISECONDS);
              } else {
                LOG.log(
                    Level.WARNING,
                    "notification to {0} given up after {1} attempts ({2})",
                    url.getHost(),
                    n + 1,
                    why);
              }
            });
  }
}
