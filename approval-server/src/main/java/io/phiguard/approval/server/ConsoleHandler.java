package io.phiguard.approval.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The approvers' web console under {@code /console}: server-rendered HTML without script, a strict
 * Content-Security-Policy, framing denied. Approvers sign in with OIDC ({@link OidcLogin}); the
 * session maps to the {@link Approver} whose votes the same {@link ApprovalRules} judge as API
 * votes. No GET changes state; every POST must carry the session's synchronizer token (else 403).
 */
final class ConsoleHandler implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(ConsoleHandler.class.getName());
  static final String SESSION_COOKIE = "phiguard_console";
  static final String LOGIN_COOKIE = "phiguard_login";
  static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'";
  private static final Pattern DETAIL = Pattern.compile("/console/requests/(apr_[0-9a-f]{32})");
  private static final Pattern ACTION =
      Pattern.compile("/console/requests/(apr_[0-9a-f]{32})/(approve|deny|pause|resume)");
  private static final Set<String> DONE = Set.of("approve", "deny", "pause", "resume");

  private final ApprovalService service;
  private final OidcLogin login;
  private final ConsoleSessions sessions;
  private final URI base;
  private final boolean secureCookies;

  /**
   * A console for {@code service}; {@code login} is null when no OIDC login is configured (the
   * console then only says so).
   */
  ConsoleHandler(ApprovalService service, OidcLogin login, ConsoleSessions sessions) {
    this.service = service;
    this.login = login;
    this.sessions = sessions;
    String url = service.settings().consoleUrl().toString();
    this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.secureCookies = "https".equalsIgnoreCase(base.getScheme());
  }

  /** The redirect URI registered at the identity provider. */
  URI redirectUri() {
    return URI.create(base + "/callback");
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      route(ex);
    } catch (IllegalArgumentException e) {
      page(
          ex,
          400,
          "Bad request",
          null,
          "<p class=\"error\">" + Html.escape(e.getMessage()) + "</p>");
    } catch (StoreException e) {
      page(ex, 503, "Unavailable", null, "<p class=\"error\">The store is unavailable.</p>");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "console error: {0}", e.getClass().getName());
      page(ex, 500, "Error", null, "<p class=\"error\">Internal error.</p>");
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = ex.getRequestURI().getPath();
    if (path.equals("/console")) {
      redirect(ex, "/console/");
      return;
    }
    if (path.equals("/console/style.css")) {
      send(ex, 200, "text/css", Html.STYLE);
      return;
    }
    boolean get = method.equals("GET") || method.equals("HEAD");
    boolean post = method.equals("POST");
    if (path.equals("/console/login") && get) {
      beginLogin(ex);
      return;
    }
    if (path.equals("/console/callback") && get) {
      finishLogin(ex);
      return;
    }
    ConsoleSessions.Session session = sessions.find(cookie(ex, SESSION_COOKIE));
    Matcher m;
    if (post) {
      // a state change needs a session and that session's synchronizer token
      Map<String, String> form = form(ex);
      String origin = ex.getRequestHeaders().getFirst("Origin");
      // defence in depth beside the token: a browser names the page's origin on a form POST
      boolean foreign = origin != null && !origin.equals(origin(base));
      if (session == null || foreign || !ConsoleSessions.same(session.csrf(), form.get("csrf"))) {
        page(
            ex,
            403,
            "Forbidden",
            session,
            "<p class=\"error\">This form is stale or did not come from the console."
                + " Reload the page and try again.</p>");
        return;
      }
      if (path.equals("/console/logout")) {
        sessions.close(session);
        ex.getResponseHeaders().add("Set-Cookie", cookieHeader(SESSION_COOKIE, "", 0, "Strict"));
        redirect(ex, "/console/");
      } else if ((m = ACTION.matcher(path)).matches()) {
        act(ex, session, m.group(1), m.group(2), form);
      } else {
        page(ex, 404, "Not found", session, "<p>No such page.</p>");
      }
      return;
    }
    if (!get) {
      ex.getResponseHeaders().set("Allow", "GET, POST");
      page(ex, 405, "Method not allowed", session, "<p>Use GET or POST.</p>");
      return;
    }
    if (session == null) {
      signInPage(ex);
      return;
    }
    if (path.equals("/console/")) {
      list(
          ex, session, "Pending requests", EnumSet.of(RequestStatus.PENDING, RequestStatus.PAUSED));
    } else if (path.equals("/console/history")) {
      list(
          ex,
          session,
          "History",
          EnumSet.of(
              RequestStatus.APPROVED,
              RequestStatus.DENIED,
              RequestStatus.EXPIRED,
              RequestStatus.REDEEMED));
    } else if ((m = DETAIL.matcher(path)).matches()) {
      String done = HttpReplies.query(ex, "done");
      String notice =
          done != null && DONE.contains(done)
              ? "<p class=\"notice\">Recorded: " + done + ".</p>"
              : "";
      detail(ex, session, m.group(1), 200, notice);
    } else {
      page(ex, 404, "Not found", session, "<p>No such page.</p>");
    }
  }

  private void signInPage(HttpExchange ex) throws IOException {
    String body =
        login == null
            ? "<p class=\"error\">Console login is not configured (approvals.oidc).</p>"
            : "<p><a id=\"login\" href=\"/console/login\">Sign in</a> with your identity provider.</p>";
    page(ex, 200, "Sign in", null, body);
  }

  private void beginLogin(HttpExchange ex) throws IOException {
    if (login == null) {
      signInPage(ex);
      return;
    }
    String browserKey = ConsoleSessions.token();
    String verifier = OidcLogin.newVerifier();
    String nonce = ConsoleSessions.token();
    String state =
        sessions.beginLogin(
            new ConsoleSessions.PendingLogin(
                browserKey,
                verifier,
                nonce,
                service.clock().instant().plus(ConsoleSessions.LOGIN_TTL)));
    // Lax, not Strict: the callback arrives as a top-level navigation from the identity provider
    ex.getResponseHeaders()
        .add(
            "Set-Cookie",
            cookieHeader(LOGIN_COOKIE, browserKey, ConsoleSessions.LOGIN_TTL.toSeconds(), "Lax"));
    redirect(ex, login.authorizeUrl(redirectUri(), state, nonce, verifier).toString());
  }

  private void finishLogin(HttpExchange ex) throws IOException {
    if (login == null) {
      signInPage(ex);
      return;
    }
    String error = HttpReplies.query(ex, "error");
    String again = "<p><a id=\"login\" href=\"/console/login\">Sign in again</a></p>";
    if (error != null) {
      page(
          ex,
          401,
          "Sign-in refused",
          null,
          "<p class=\"error\">The identity provider answered: "
              + Html.escape(error)
              + "</p>"
              + again);
      return;
    }
    ConsoleSessions.PendingLogin pending =
        sessions.finishLogin(HttpReplies.query(ex, "state"), cookie(ex, LOGIN_COOKIE));
    String code = HttpReplies.query(ex, "code");
    if (pending == null || code == null || code.isBlank()) {
      page(
          ex,
          400,
          "Sign-in failed",
          null,
          "<p class=\"error\">This sign-in expired or began in another browser.</p>" + again);
      return;
    }
    Approver approver;
    try {
      approver = login.complete(code, redirectUri(), pending.verifier(), pending.nonce());
    } catch (OidcLogin.LoginFailed e) {
      page(
          ex,
          401,
          "Sign-in failed",
          null,
          "<p class=\"error\">" + Html.escape(e.getMessage()) + "</p>" + again);
      return;
    }
    ConsoleSessions.Session session = sessions.open(approver);
    ex.getResponseHeaders()
        .add(
            "Set-Cookie",
            cookieHeader(
                SESSION_COOKIE, session.id(), ConsoleSessions.SESSION_TTL.toSeconds(), "Strict"));
    ex.getResponseHeaders().add("Set-Cookie", cookieHeader(LOGIN_COOKIE, "", 0, "Lax"));
    // a page of our own, not a redirect: a Strict cookie is not sent on a redirect chain that
    // began at another site, so the next request must start from this page
    ex.getResponseHeaders().set("Refresh", "0; url=/console/");
    page(
        ex,
        200,
        "Signed in",
        session,
        "<p>Signed in. <a id=\"continue\" href=\"/console/\">Continue to the console</a></p>");
  }

  private void list(
      HttpExchange ex, ConsoleSessions.Session session, String title, Set<RequestStatus> statuses)
      throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("<table id=\"requests\"><tr><th>request</th><th>status</th><th>rule</th>")
        .append("<th>requester</th><th>tables</th><th>created</th></tr>");
    int rows = 0;
    for (RequestStatus s : statuses) {
      for (ApprovalRequest r : service.list(s, 100)) {
        Requester who = r.submitted().requester();
        b.append("<tr><td><a href=\"/console/requests/")
            .append(Html.escape(r.id()))
            .append("\">")
            .append(Html.escape(r.id()))
            .append("</a></td><td>")
            .append(Html.escape(s.name().toLowerCase(Locale.ROOT)))
            .append("</td><td>")
            .append(Html.escape(r.rule()))
            .append("</td><td>")
            .append(Html.escape(who.subject()))
            .append(" (")
            .append(Html.escape(who.kind().wireName()))
            .append(")</td><td>")
            .append(Html.escape(String.join(", ", r.submitted().tables())))
            .append("</td><td>")
            .append(Html.escape(r.createdAt()))
            .append("</td></tr>");
        rows++;
      }
    }
    b.append("</table>");
    if (rows == 0) {
      b.append("<p id=\"empty\">Nothing here.</p>");
    }
    page(ex, 200, title, session, b.toString());
  }

  private void detail(
      HttpExchange ex, ConsoleSessions.Session session, String id, int status, String message)
      throws IOException {
    var found = service.find(id);
    if (found.isEmpty()) {
      page(
          ex,
          404,
          "Not found",
          session,
          "<p>Approval request " + Html.escape(id) + " does not exist.</p>");
      return;
    }
    page(
        ex,
        status,
        "Request " + id,
        session,
        message
            + ConsolePages.detail(
                found.get(), service.settings(), service.clock().instant(), session));
  }

  private void act(
      HttpExchange ex,
      ConsoleSessions.Session session,
      String id,
      String action,
      Map<String, String> form)
      throws IOException {
    String reason = form.get("reason");
    if (reason != null && reason.isBlank()) {
      reason = null;
    }
    Approver approver = session.approver();
    Result<ApprovalRequest> result =
        switch (action) {
          case "approve" -> service.vote(id, approver, Decision.APPROVE, reason);
          case "deny" -> service.vote(id, approver, Decision.DENY, reason);
          case "pause" -> service.pause(id, approver, reason);
          default -> service.resume(id, approver);
        };
    if (result instanceof Result.Refused<ApprovalRequest> refused) {
      Refusal r = refused.refusal();
      detail(
          ex,
          session,
          id,
          r.kind().httpStatus(),
          "<p class=\"error\" id=\"refusal\">"
              + Html.escape(r.kind().code())
              + ": "
              + Html.escape(r.message())
              + "</p>");
      return;
    }
    // post/redirect/get: reloading the result page does not vote again
    redirect(ex, "/console/requests/" + id + "?done=" + action);
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private static Map<String, String> form(HttpExchange ex) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    byte[] raw = JsonBodies.read(ex.getRequestBody());
    Map<String, String> out = new HashMap<>();
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return out;
    }
    for (String pair : new String(raw, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  private static String cookie(HttpExchange ex, String name) {
    List<String> headers = ex.getRequestHeaders().get("Cookie");
    if (headers == null) {
      return null;
    }
    for (String header : headers) {
      for (String part : header.split(";")) {
        String p = part.strip();
        if (p.startsWith(name + "=")) {
          String v = p.substring(name.length() + 1);
          // RFC 2965 clients (java.net.CookieManager) quote the value
          return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
              ? v.substring(1, v.length() - 1)
              : v;
        }
      }
    }
    return null;
  }

  private String cookieHeader(String name, String value, long maxAge, String sameSite) {
    return name
        + "="
        + value
        + "; Path=/console; Max-Age="
        + maxAge
        + "; HttpOnly; SameSite="
        + sameSite
        + (secureCookies ? "; Secure" : "");
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().set("Location", location);
    securityHeaders(ex);
    ex.sendResponseHeaders(303, -1);
    ex.close();
  }

  private static void page(
      HttpExchange ex, int status, String title, ConsoleSessions.Session session, String body)
      throws IOException {
    send(ex, status, "text/html", Html.page(title, session, body));
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    securityHeaders(ex);
    boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
    ex.close();
  }

  private static void securityHeaders(HttpExchange ex) {
    ex.getResponseHeaders().set("Content-Security-Policy", CSP);
    ex.getResponseHeaders().set("X-Frame-Options", "DENY");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on our own
    // forms
    ex.getResponseHeaders().set("Referrer-Policy", "same-origin");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
  }
}
