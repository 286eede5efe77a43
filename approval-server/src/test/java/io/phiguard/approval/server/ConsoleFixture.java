package io.phiguard.approval.server;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An approval server with its console and an in-process OIDC provider, dev mode off; plus a small
 * cookie-keeping HTTP client that follows redirects by hand, as a browser would.
 */
final class ConsoleFixture implements AutoCloseable {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  final TestOidcProvider idp;
  final ApprovalServer server;
  final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  ConsoleFixture(Path dir) throws Exception {
    idp = new TestOidcProvider(clock);
    ApprovalSettings settings =
        ApprovalSettings.of(
            List.of(
                new RuleSpec("schema-change", 1, Set.of("dba")),
                new RuleSpec("bulk-export", 2, Set.of("security", "dba"))),
            // port 0: the server puts the port it binds into the console URL (the OIDC redirect
            // URI)
            URI.create("http://127.0.0.1:0/console"));
    server =
        ApprovalServer.start(
            ServerOptions.of(settings, dir)
                .address(new InetSocketAddress("127.0.0.1", 0))
                .consoleLogin(idp.config())
                .clock(clock));
  }

  URI console(String path) {
    return server.baseUri().resolve(path);
  }

  HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GET, following up to 10 redirects. */
  HttpResponse<String> follow(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> r = get(uri);
    for (int i = 0; i < 10 && r.statusCode() / 100 == 3; i++) {
      r = get(r.uri().resolve(r.headers().firstValue("Location").orElseThrow()));
    }
    return r;
  }

  HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(console(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Signs in as whoever the provider is set to sign in; returns the callback's answer. */
  HttpResponse<String> login() throws IOException, InterruptedException {
    return follow(console("/console/login"));
  }

  static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    if (!m.find()) {
      throw new AssertionError("no CSRF field on the page");
    }
    return m.group(1);
  }

  @Override
  public void close() {
    server.close();
    idp.close();
  }
}
