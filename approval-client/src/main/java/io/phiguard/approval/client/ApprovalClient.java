package io.phiguard.approval.client;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.phiguard.approval.grant.Ed25519Jws;
import io.phiguard.approval.grant.GrantBinding;
import io.phiguard.approval.grant.GrantClaims;
import io.phiguard.approval.grant.GrantException;
import io.phiguard.approval.grant.GrantVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Talks to one approval server over the JDK {@link HttpClient}: creates requests, long-polls them
 * ({@code GET /v1/requests/{id}?wait=…}), verifies grants offline against the server's keys ({@code
 * GET /v1/keys}, cached; fetched again once for an unknown key id) and redeems them ({@code POST
 * /v1/grants/redeem}). Every call carries the {@link ClientToken}, when there is one. Thread-safe.
 */
public final class ApprovalClient {
  /** How long one long-poll asks the server to hold the answer, at most. */
  public static final Duration MAX_POLL = Duration.ofSeconds(25);

  // a cancel or interrupt is noticed within this slice of a wait
  private static final long SLICE_MILLIS = 100;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern REQUEST_ID = Pattern.compile("apr_[0-9a-f]{32}");

  private final URI server;
  private final HttpClient http;
  private final Clock clock;
  // null: the server is not told who calls (it then authenticates no driver)
  private final ClientToken token;
  private volatile GrantVerifier verifier;

  private ApprovalClient(URI server, HttpClient http, Clock clock, ClientToken token) {
    String base = server.toString();
    this.server = URI.create(base.endsWith("/") ? base : base + "/");
    this.http = http;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.token = token;
  }

  /**
   * A client of the server at {@code server}, judging grant expiry at {@code clock}, sending no
   * client token.
   */
  public static ApprovalClient create(URI server, Clock clock) {
    return create(server, clock, Optional.empty());
  }

  /**
   * A client of the server at {@code server}, judging grant expiry at {@code clock}, that sends
   * {@code token} (when present) in {@value ClientToken#HEADER} with every call.
   */
  public static ApprovalClient create(URI server, Clock clock, Optional<ClientToken> token) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new ApprovalClient(server, http, clock, token.orElse(null));
  }

  /** A request to {@code path} under the server, with the client token when there is one. */
  private HttpRequest.Builder call(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path));
    if (token != null) {
      b.header(ClientToken.HEADER, token.headerValue());
    }
    return b;
  }

  /** The server's base URI. */
  public URI server() {
    return server;
  }

  /** Submits {@code submission}; answers the new request (pending, with its console URL). */
  public RequestState create(Submission submission) throws ApprovalServerException {
    HttpRequest request =
        call("v1/requests")
            .timeout(CALL_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSONObjectUtils.toJSONString(submission.json())))
            .build();
    return RequestState.of(send(request, CancelSignal.NEVER));
  }

  /** The request {@code id} now, without waiting. */
  public RequestState get(String id) throws ApprovalServerException {
    checkId(id);
    HttpRequest request = call("v1/requests/" + id).timeout(CALL_TIMEOUT).GET().build();
    return RequestState.of(send(request, CancelSignal.NEVER));
  }

  /**
   * The request {@code id} once its version is newer than {@code knownVersion} or {@code wait}
   * (capped at {@link #MAX_POLL}) has passed. Ends early, within about 100 ms, when {@code cancel}
   * fires or the thread is interrupted.
   *
   * @throws InterruptedException when interrupted (the interrupt flag is cleared, as usual)
   * @return the request, or null when {@code cancel} fired first
   */
  public RequestState poll(String id, Duration wait, long knownVersion, CancelSignal cancel)
      throws ApprovalServerException, InterruptedException {
    checkId(id);
    Duration w = wait.compareTo(MAX_POLL) > 0 ? MAX_POLL : wait;
    String query =
        w.isZero() || w.isNegative()
            ? ""
            : "?wait="
                + Math.max(1, w.toMillis())
                + "ms"
                + (knownVersion >= 0 ? "&version=" + knownVersion : "");
    HttpRequest request =
        call("v1/requests/" + id + query)
            .timeout(CALL_TIMEOUT.plus(w.isNegative() ? Duration.ZERO : w))
            .GET()
            .build();
    Map<String, Object> json = sendInterruptibly(request, cancel);
    return json == null ? null : RequestState.of(json);
  }

  /**
   * Verifies {@code grant} offline: signed by one of the server's keys, unexpired, and bound to
   * exactly {@code expected}.
   */
  public GrantClaims verify(String grant, GrantBinding expected)
      throws GrantException, ApprovalServerException {
    GrantVerifier current = verifier == null ? loadKeys() : verifier;
    try {
      return current.verify(grant, expected);
    } catch (GrantException e) {
      if (e.problem() != GrantException.Problem.BAD_SIGNATURE) {
        throw e;
      }
      // the server may have a new key since the keys were cached: ask once more
      return loadKeys().verify(grant, expected);
    }
  }

  /**
   * Redeems {@code grant} for the statement {@code presented} at the server: single use across all
   * server instances. A second redemption is refused ({@code grant-redeemed}).
   */
  public RequestState redeem(String grant, GrantBinding presented) throws ApprovalServerException {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("request_id", presented.requestId());
    statement.put("subject", presented.subject());
    statement.put("datasource", presented.datasource());
    statement.put("fingerprint", presented.fingerprint());
    statement.put("sql_hash", presented.sqlHash());
    statement.put("params_digest", presented.paramsDigest());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("grant", grant);
    body.put("statement", statement);
    HttpRequest request =
        call("v1/grants/redeem")
            .timeout(CALL_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body)))
            .build();
    return RequestState.of(send(request, CancelSignal.NEVER));
  }

  private synchronized GrantVerifier loadKeys() throws ApprovalServerException {
    HttpRequest request = call("v1/keys").timeout(CALL_TIMEOUT).GET().build();
    Map<String, Object> json = send(request, CancelSignal.NEVER);
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    try {
      for (JWK jwk : JWKSet.parse(json).getKeys()) {
        if (jwk instanceof OctetKeyPair okp
            && Curve.Ed25519.equals(okp.getCurve())
            && okp.getKeyID() != null) {
          keys.put(okp.getKeyID(), Ed25519Jws.publicKey(okp.getX().decode()));
        }
      }
    } catch (ParseException | IllegalArgumentException e) {
      throw ApprovalServerException.unreachable(
          "the approval server's /v1/keys is not an Ed25519 JWK set", e);
    }
    if (keys.isEmpty()) {
      throw ApprovalServerException.unreachable(
          "the approval server's /v1/keys holds no Ed25519 key", null);
    }
    GrantVerifier loaded = new GrantVerifier(keys, clock, Duration.ofSeconds(30));
    verifier = loaded;
    return loaded;
  }

  private Map<String, Object> send(HttpRequest request, CancelSignal cancel)
      throws ApprovalServerException {
    try {
      Map<String, Object> json = sendInterruptibly(request, cancel);
      return Objects.requireNonNull(json);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApprovalServerException.unreachable("interrupted while asking the approval server", e);
    }
  }

  /** The JSON answer, or null when {@code cancel} fired while waiting. */
  private Map<String, Object> sendInterruptibly(HttpRequest request, CancelSignal cancel)
      throws ApprovalServerException, InterruptedException {
    CompletableFuture<HttpResponse<String>> future =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      while (true) {
        if (cancel.cancelled()) {
          future.cancel(true);
          return null;
        }
        if (Thread.interrupted()) {
          future.cancel(true);
          throw new InterruptedException("interrupted while waiting for the approval server");
        }
        try {
          response = future.get(SLICE_MILLIS, TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException e) {
          // keep waiting; the next slice checks cancel and interrupt again
        }
      }
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw ApprovalServerException.unreachable(
          "the approval server at "
              + server
              + " cannot be reached ("
              + cause.getClass().getSimpleName()
              + ")",
          cause);
    }
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(response.body(), 256 * 1024);
    } catch (ParseException e) {
      throw ApprovalServerException.unreachable(
          "the approval server at "
              + server
              + " answered HTTP "
              + response.statusCode()
              + " without JSON",
          e);
    }
    if (response.statusCode() >= 300) {
      String code = json.get("error") instanceof String s ? s : "error";
      String message =
          json.get("message") instanceof String s ? s : "HTTP " + response.statusCode();
      throw ApprovalServerException.refused(response.statusCode(), code, message);
    }
    return json;
  }

  private static void checkId(String id) {
    if (id == null || !REQUEST_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not an approval request id");
    }
  }

  @Override
  public String toString() {
    // never the token itself
    return "ApprovalClient[" + server + (token == null ? "" : ", with client token") + "]";
  }
}
