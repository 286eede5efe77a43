package io.phiguard.approval.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process OpenID provider for tests, on the JDK HTTP server at port 0: discovery, {@code
 * /authorize} (no login form: it signs in the configured test user at once and redirects back with
 * a code), {@code /token} (checks the client secret, the redirect URI and the PKCE verifier against
 * the S256 challenge; codes are single use) issuing RS256 ID tokens, and {@code /jwks}.
 */
final class TestOidcProvider implements AutoCloseable {
  static final String CLIENT_ID = "phiguard-console";
  static final String CLIENT_SECRET = "test-client-secret";

  private record Issued(
      String redirectUri, String challenge, String nonce, String subject, List<String> groups) {}

  private final HttpServer http;
  private final RSAKey key;
  private final Clock clock;
  private final Map<String, Issued> codes = new ConcurrentHashMap<>();
  private volatile String subject = "alice";
  private volatile List<String> groups = List.of("dba");
  private volatile String nonceOverride;
  final AtomicInteger tokensIssued = new AtomicInteger();
  final AtomicInteger pkceFailures = new AtomicInteger();

  TestOidcProvider(Clock clock) throws IOException, JOSEException {
    this.clock = clock;
    this.key = new RSAKeyGenerator(2048).keyID("idp-1").generate();
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    http.createContext("/.well-known/openid-configuration", this::discovery);
    http.createContext("/authorize", this::authorize);
    http.createContext("/token", this::token);
    http.createContext("/jwks", ex -> send(ex, 200, new JWKSet(key.toPublicJWK()).toString()));
    http.start();
  }

  URI issuer() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  /** Who {@code /authorize} signs in next. */
  void user(String subject, String... groups) {
    this.subject = subject;
    this.groups = List.of(groups);
  }

  /** Makes the next ID tokens carry this nonce instead of the one asked for (null: honest). */
  void nonceOverride(String nonce) {
    this.nonceOverride = nonce;
  }

  ServerOptions.ConsoleOidc config() {
    return ServerOptions.ConsoleOidc.discovered(issuer(), CLIENT_ID, CLIENT_SECRET, "groups");
  }

  private void discovery(HttpExchange ex) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", issuer().toString());
    doc.put("authorization_endpoint", issuer() + "/authorize");
    doc.put("token_endpoint", issuer() + "/token");
    doc.put("jwks_uri", issuer() + "/jwks");
    doc.put("response_types_supported", List.of("code"));
    doc.put("code_challenge_methods_supported", List.of("S256"));
    doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
    send(ex, 200, JSONObjectUtils.toJSONString(doc));
  }

  private void authorize(HttpExchange ex) throws IOException {
    Map<String, String> q = parse(ex.getRequestURI().getRawQuery());
    if (!"code".equals(q.get("response_type"))
        || !CLIENT_ID.equals(q.get("client_id"))
        || !"S256".equals(q.get("code_challenge_method"))
        || q.get("code_challenge") == null
        || q.get("nonce") == null
        || q.get("state") == null
        || q.get("redirect_uri") == null) {
      send(ex, 400, "{\"error\":\"invalid_request\"}");
      return;
    }
    String code = ConsoleSessions.token();
    codes.put(
        code,
        new Issued(
            q.get("redirect_uri"), q.get("code_challenge"), q.get("nonce"), subject, groups));
    String location =
        q.get("redirect_uri")
            + "?code="
            + URLEncoder.encode(code, StandardCharsets.UTF_8)
            + "&state="
            + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private void token(HttpExchange ex) throws IOException {
    String expectedBasic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    if (!"POST".equals(ex.getRequestMethod())
        || !expectedBasic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      send(ex, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    Map<String, String> f =
        parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Issued issued = f.get("code") == null ? null : codes.remove(f.get("code"));
    if (!"authorization_code".equals(f.get("grant_type"))
        || issued == null
        || !issued.redirectUri().equals(f.get("redirect_uri"))) {
      send(ex, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    String verifier = f.get("code_verifier");
    if (verifier == null || !OidcLogin.challenge(verifier).equals(issued.challenge())) {
      pkceFailures.incrementAndGet();
      send(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"PKCE\"}");
      return;
    }
    String nonce = nonceOverride != null ? nonceOverride : issued.nonce();
    try {
      Map<String, Object> body = new HashMap<>();
      body.put("access_token", "opaque-" + ConsoleSessions.token());
      body.put("token_type", "Bearer");
      body.put("expires_in", 300);
      body.put("id_token", idToken(issued.subject(), issued.groups(), nonce));
      tokensIssued.incrementAndGet();
      send(ex, 200, JSONObjectUtils.toJSONString(body));
    } catch (JOSEException e) {
      send(ex, 500, "{\"error\":\"server_error\"}");
    }
  }

  String idToken(String subject, List<String> groups, String nonce) throws JOSEException {
    return sign(claims(subject, groups, nonce).build());
  }

  /** Honest ID token claims, for tests to spoil one at a time. */
  JWTClaimsSet.Builder claims(String subject, List<String> groups, String nonce) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer().toString())
        .audience(CLIENT_ID)
        .subject(subject)
        .claim("nonce", nonce)
        .claim("groups", groups)
        .issueTime(Date.from(clock.instant()))
        .expirationTime(Date.from(clock.instant().plusSeconds(300)));
  }

  /** {@code claims} signed RS256 with the provider's key. */
  String sign(JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static Map<String, String> parse(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void send(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
    ex.close();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
