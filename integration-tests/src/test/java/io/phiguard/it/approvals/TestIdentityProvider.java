package io.phiguard.it.approvals;

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
import io.phiguard.approval.server.ServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal OpenID provider for the console IT (JDK HTTP server, port 0): discovery, {@code
 * /authorize} signing in the configured user at once, {@code /token} checking the client secret,
 * the redirect URI and the PKCE verifier against the S256 challenge (RFC 7636, computed here, not
 * by the server's code) with single-use codes, RS256 ID tokens, and {@code /jwks}.
 */
final class TestIdentityProvider implements AutoCloseable {
  static final String CLIENT_ID = "phiguard-console";
  static final String CLIENT_SECRET = "channels-it-client-secret";
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Issued(
      String redirectUri, String challenge, String nonce, String subject, List<String> groups) {}

  private final HttpServer http;
  private final RSAKey key;
  private final Clock clock;
  private final Map<String, Issued> codes = new ConcurrentHashMap<>();
  private volatile String subject = "nobody";
  private volatile List<String> groups = List.of();
  final AtomicInteger pkceVerified = new AtomicInteger();
  final AtomicInteger pkceFailures = new AtomicInteger();

  TestIdentityProvider(Clock clock) throws IOException, JOSEException {
    this.clock = clock;
    this.key = new RSAKeyGenerator(2048).keyID("it-idp-1").generate();
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
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

  /** The console's login settings for this provider (endpoints by discovery). */
  ServerOptions.ConsoleOidc config() {
    return ServerOptions.ConsoleOidc.discovered(issuer(), CLIENT_ID, CLIENT_SECRET, "groups");
  }

  private void discovery(HttpExchange ex) throws IOException {
    Map<String, Object> doc = new HashMap<>();
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
    Map<String, String> q = form(ex.getRequestURI().getRawQuery());
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
    String code = random();
    codes.put(
        code,
        new Issued(
            q.get("redirect_uri"), q.get("code_challenge"), q.get("nonce"), subject, groups));
    ex.getResponseHeaders()
        .set(
            "Location",
            q.get("redirect_uri")
                + "?code="
                + code
                + "&state="
                + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private void token(HttpExchange ex) throws IOException {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    if (!"POST".equals(ex.getRequestMethod())
        || !basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      send(ex, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    Map<String, String> f =
        form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Issued issued = f.get("code") == null ? null : codes.remove(f.get("code"));
    if (!"authorization_code".equals(f.get("grant_type"))
        || issued == null
        || !issued.redirectUri().equals(f.get("redirect_uri"))) {
      send(ex, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    String verifier = f.get("code_verifier");
    if (verifier == null || !s256(verifier).equals(issued.challenge())) {
      pkceFailures.incrementAndGet();
      send(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"PKCE\"}");
      return;
    }
    pkceVerified.incrementAndGet();
    try {
      Map<String, Object> body = new HashMap<>();
      body.put("access_token", "opaque-" + random());
      body.put("token_type", "Bearer");
      body.put("expires_in", 300);
      body.put("id_token", idToken(issued));
      send(ex, 200, JSONObjectUtils.toJSONString(body));
    } catch (JOSEException e) {
      send(ex, 500, "{\"error\":\"server_error\"}");
    }
  }

  private static String random() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private String idToken(Issued issued) throws JOSEException {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer().toString())
            .audience(CLIENT_ID)
            .subject(issued.subject())
            .claim("nonce", issued.nonce())
            .claim("groups", issued.groups())
            .issueTime(Date.from(clock.instant()))
            .expirationTime(Date.from(clock.instant().plusSeconds(300)))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  /** RFC 7636 S256: base64url, unpadded, of SHA-256 over the ASCII verifier. */
  private static String s256(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> form(String raw) {
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
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
