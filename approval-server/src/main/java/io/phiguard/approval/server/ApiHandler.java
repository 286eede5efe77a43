package io.phiguard.approval.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.phiguard.approval.client.ClientToken;
import io.phiguard.approval.grant.GrantBinding;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST API under {@code /v1}. Only POSTs change state; votes, pauses and resumes need an
 * authenticated approver. With a client token, creating requests and redeeming grants need it too,
 * grants are shown only to its holders, and a wrong token is refused on every endpoint.
 */
final class ApiHandler implements HttpHandler {
  static final Duration MAX_WAIT = Duration.ofSeconds(60);
  private static final Pattern REQUEST = Pattern.compile("/v1/requests/(apr_[0-9a-f]{32})");
  private static final Pattern ACTION =
      Pattern.compile("/v1/requests/(apr_[0-9a-f]{32})/(votes|pause|resume)");
  private static final Pattern WAIT = Pattern.compile("(\\d{1,6})(ms|s)?");

  private final ApprovalService service;
  private final ApproverAuthenticator approvers;
  private final ServerKeys keys;
  private final Semaphore waiters;
  // null: drivers are not authenticated (as before client tokens existed)
  private final ClientToken clientToken;

  ApiHandler(
      ApprovalService service,
      ApproverAuthenticator approvers,
      ServerKeys keys,
      int maxWaiters,
      ClientToken clientToken) {
    this.service = service;
    this.approvers = approvers;
    this.keys = keys;
    this.waiters = new Semaphore(maxWaiters);
    this.clientToken = clientToken;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      route(ex);
    } catch (IllegalArgumentException e) {
      HttpReplies.error(ex, Refusal.Kind.INVALID, e.getMessage());
    } catch (StoreException e) {
      HttpReplies.error(ex, Refusal.Kind.UNAVAILABLE, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      HttpReplies.error(ex, Refusal.Kind.UNAVAILABLE, "the server is stopping");
    } catch (RuntimeException e) {
      HttpReplies.error(
          ex, Refusal.Kind.UNAVAILABLE, "internal error (" + e.getClass().getSimpleName() + ")");
    }
  }

  private void route(HttpExchange ex) throws IOException, InterruptedException {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = ex.getRequestURI().getPath();
    String presented = ex.getRequestHeaders().getFirst(ClientToken.HEADER);
    // a driver: the one that may see and use grants
    boolean driver = clientToken == null || clientToken.matches(presented);
    if (!driver && presented != null) {
      // a wrong token is a misconfigured driver: tell it, rather than answer without the grant
      refuseClient(ex);
      return;
    }
    Matcher m;
    if (path.equals("/v1/requests")) {
      if (method.equals("POST")) {
        if (driver) {
          create(ex);
        } else {
          refuseClient(ex);
        }
      } else if (method.equals("GET")) {
        list(ex, driver);
      } else {
        notAllowed(ex, "GET, POST");
      }
    } else if ((m = REQUEST.matcher(path)).matches()) {
      if (method.equals("GET")) {
        get(ex, m.group(1), driver);
      } else {
        notAllowed(ex, "GET");
      }
    } else if ((m = ACTION.matcher(path)).matches()) {
      if (method.equals("POST")) {
        act(ex, m.group(1), m.group(2), driver);
      } else {
        notAllowed(ex, "POST");
      }
    } else if (path.equals("/v1/grants/redeem")) {
      if (method.equals("POST") && !driver) {
        refuseClient(ex);
      } else if (method.equals("POST")) {
        redeem(ex);
      } else {
        notAllowed(ex, "POST");
      }
    } else if (path.equals("/v1/keys")) {
      if (method.equals("GET")) {
        HttpReplies.send(ex, 200, "application/jwk-set+json", keys.publicJwks());
      } else {
        notAllowed(ex, "GET");
      }
    } else {
      HttpReplies.error(ex, Refusal.Kind.UNKNOWN_REQUEST, "no such endpoint");
    }
  }

  private static void refuseClient(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("WWW-Authenticate", "PhiGuard-Client-Token");
    HttpReplies.error(
        ex,
        Refusal.Kind.CLIENT_UNAUTHENTICATED,
        "this approval server takes requests and redemptions only from PhiGuard drivers with its"
            + " client token in "
            + ClientToken.HEADER
            + "; check approvals.client-token on both sides");
  }

  private void create(HttpExchange ex) throws IOException {
    NewRequest submitted =
        RequestCodec.submission(JsonBodies.object(JsonBodies.read(ex.getRequestBody())));
    Result<ApprovalRequest> result = service.create(submitted);
    if (result instanceof Result.Ok<ApprovalRequest> ok) {
      ApprovalRequest r = ok.value();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", r.id());
      body.put("status", "pending");
      body.put("expires_at", r.expiresAt().toString());
      body.put("console_url", service.settings().consoleLink(r.id()).toString());
      ex.getResponseHeaders().set("Location", "/v1/requests/" + r.id());
      HttpReplies.json(ex, 201, body);
    } else {
      HttpReplies.refusal(ex, ((Result.Refused<ApprovalRequest>) result).refusal());
    }
  }

  private void get(HttpExchange ex, String id, boolean driver)
      throws IOException, InterruptedException {
    Duration wait = parseWait(HttpReplies.query(ex, "wait"));
    String known = HttpReplies.query(ex, "version");
    Optional<ApprovalRequest> found = service.find(id);
    if (found.isPresent() && !wait.isZero()) {
      long version = known == null ? found.get().version() : parseLong(known, "version");
      if (waiters.tryAcquire()) {
        try {
          found = service.await(id, version, wait);
        } finally {
          waiters.release();
        }
      }
      // too many waiting already: answer at once, the client polls again
    }
    if (found.isEmpty()) {
      HttpReplies.error(
          ex, Refusal.Kind.UNKNOWN_REQUEST, "approval request " + id + " does not exist");
      return;
    }
    HttpReplies.json(
        ex,
        200,
        RequestViews.view(found.get(), service.settings(), service.clock().instant(), driver));
  }

  private void list(HttpExchange ex, boolean driver) throws IOException {
    String status = HttpReplies.query(ex, "status");
    RequestStatus wanted;
    try {
      wanted =
          RequestStatus.valueOf((status == null ? "pending" : status).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "status must be one of pending, paused, approved, denied, expired, redeemed");
    }
    String limitText = HttpReplies.query(ex, "limit");
    int limit = limitText == null ? 100 : (int) Math.min(500, parseLong(limitText, "limit"));
    List<Object> items = new ArrayList<>();
    for (ApprovalRequest r : service.list(wanted, limit)) {
      items.add(RequestViews.view(r, service.settings(), service.clock().instant(), driver));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requests", items);
    HttpReplies.json(ex, 200, body);
  }

  private void act(HttpExchange ex, String id, String action, boolean driver) throws IOException {
    byte[] raw = JsonBodies.read(ex.getRequestBody());
    // resume carries nothing; an empty body is an empty object
    Map<String, Object> body = raw.length == 0 ? Map.of() : JsonBodies.object(raw);
    Result<Approver> who = approvers.authenticate(HttpReplies.headers(ex));
    if (who instanceof Result.Refused<Approver> refused) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      HttpReplies.refusal(ex, refused.refusal());
      return;
    }
    Approver approver = ((Result.Ok<Approver>) who).value();
    String reason = RequestCodec.string(body, "reason");
    Result<ApprovalRequest> result =
        switch (action) {
          case "votes" ->
              service.vote(
                  id, approver, Decision.parse(RequestCodec.string(body, "decision")), reason);
          case "pause" -> service.pause(id, approver, reason);
          default -> service.resume(id, approver);
        };
    answer(ex, result, driver);
  }

  private void redeem(HttpExchange ex) throws IOException {
    Map<String, Object> body = JsonBodies.object(JsonBodies.read(ex.getRequestBody()));
    String grant = RequestCodec.string(body, "grant");
    Map<String, Object> st = RequestCodec.object(body, "statement");
    // the driver states what it is about to run; the grant must match it exactly
    GrantBinding presented =
        new GrantBinding(
            Texts.required(RequestCodec.string(st, "request_id"), "statement.request_id", 64),
            Texts.required(RequestCodec.string(st, "subject"), "statement.subject", Texts.MAX_NAME),
            Texts.required(RequestCodec.string(st, "datasource"), "statement.datasource", 1024),
            Texts.required(RequestCodec.string(st, "fingerprint"), "statement.fingerprint", 256),
            Texts.required(RequestCodec.string(st, "sql_hash"), "statement.sql_hash", 64),
            Texts.required(
                RequestCodec.string(st, "params_digest"), "statement.params_digest", 64));
    answer(ex, service.redeem(Texts.required(grant, "grant", 8192), presented), true);
  }

  private void answer(HttpExchange ex, Result<ApprovalRequest> result, boolean withGrant)
      throws IOException {
    if (result instanceof Result.Ok<ApprovalRequest> ok) {
      HttpReplies.json(
          ex,
          200,
          RequestViews.view(ok.value(), service.settings(), service.clock().instant(), withGrant));
    } else {
      HttpReplies.refusal(ex, ((Result.Refused<ApprovalRequest>) result).refusal());
    }
  }

  private static void notAllowed(HttpExchange ex, String allow) throws IOException {
    ex.getResponseHeaders().set("Allow", allow);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "method-not-allowed");
    body.put("message", "use " + allow);
    HttpReplies.json(ex, 405, body);
  }

  /** {@code 25s}, {@code 1500ms} or {@code 25} (seconds), at most {@link #MAX_WAIT}. */
  static Duration parseWait(String text) {
    if (text == null || text.isBlank()) {
      return Duration.ZERO;
    }
    Matcher m = WAIT.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("wait must look like 25s or 1500ms");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = "ms".equals(m.group(2)) ? Duration.ofMillis(n) : Duration.ofSeconds(n);
    return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
  }

  private static long parseLong(String text, String name) {
    try {
      long v = Long.parseLong(text.strip());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a non-negative number");
    }
  }
}
