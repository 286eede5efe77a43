package io.phiguard.approval.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Approver login for the console: OpenID Connect authorization code flow with PKCE ({@code S256}),
 * {@code state} and {@code nonce}. Endpoints come from the issuer's discovery document unless
 * configured; the code is exchanged over {@link HttpClient}; the ID token is validated offline with
 * Nimbus against the issuer's JWKS ({@code iss}, {@code aud} = client id, {@code exp}, {@code
 * nonce}, an asymmetric algorithm from the allow-list). Endpoints must use https, except on a
 * loopback address (a provider on the same machine, as in tests).
 */
final class OidcLogin {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ServerOptions.ConsoleOidc config;
  private final URI authorizationEndpoint;
  private final URI tokenEndpoint;
  private final JWSVerificationKeySelector<SecurityContext> keys;
  private final HttpClient http;
  private final Clock clock;

  private OidcLogin(
      ServerOptions.ConsoleOidc config,
      URI authorizationEndpoint,
      URI tokenEndpoint,
      JWKSource<SecurityContext> jwks,
      HttpClient http,
      Clock clock) {
    this.config = config;
    this.authorizationEndpoint = authorizationEndpoint;
    this.tokenEndpoint = tokenEndpoint;
    Set<JWSAlgorithm> allowed =
        config.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
    this.keys = new JWSVerificationKeySelector<>(allowed, jwks);
    this.http = http;
    this.clock = clock;
  }

  /** Resolves the endpoints (reading discovery when one is not configured). */
  static OidcLogin create(ServerOptions.ConsoleOidc config, HttpClient http, Clock clock)
      throws IOException {
    for (String a : config.algorithms()) {
      if (!BearerTokenApprovers.ALLOWED.contains(a)) {
        throw new IllegalArgumentException(
            "ID tokens cannot be signed with " + a + "; allowed: " + BearerTokenApprovers.ALLOWED);
      }
    }
    URI authorize = config.authorizationEndpoint();
    URI token = config.tokenEndpoint();
    URI jwks = config.jwksUri();
    if (authorize == null || token == null || jwks == null) {
      Map<String, Object> discovery = discover(config.issuer(), http);
      authorize = authorize != null ? authorize : uri(discovery, "authorization_endpoint");
      token = token != null ? token : uri(discovery, "token_endpoint");
      jwks = jwks != null ? jwks : uri(discovery, "jwks_uri");
    }
    for (URI u : new URI[] {config.issuer(), authorize, token, jwks}) {
      requireSecure(u);
    }
    JWKSource<SecurityContext> source =
        JWKSourceBuilder.<SecurityContext>create(jwks.toURL()).retrying(true).build();
    return new OidcLogin(config, authorize, token, source, http, clock);
  }

  private static Map<String, Object> discover(URI issuer, HttpClient http) throws IOException {
    requireSecure(issuer);
    String base = issuer.toString();
    URI url =
        URI.create(
            (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/.well-known/openid-configuration");
    HttpResponse<String> r = send(http, HttpRequest.newBuilder(url).GET().timeout(TIMEOUT).build());
    if (r.statusCode() != 200) {
      throw new IOException("OIDC discovery at " + url + " answered HTTP " + r.statusCode());
    }
    Map<String, Object> doc;
    try {
      doc = JSONObjectUtils.parse(r.body());
    } catch (ParseException e) {
      throw new IOException("OIDC discovery at " + url + " is not a JSON object", e);
    }
    // the document must be about the issuer we trust (OpenID Connect Discovery 1.0, section 4.3)
    if (!issuer.toString().equals(doc.get("issuer"))) {
      throw new IOException(
          "OIDC discovery at " + url + " names issuer " + doc.get("issuer") + ", not " + issuer);
    }
    return doc;
  }

  private static URI uri(Map<String, Object> doc, String name) throws IOException {
    Object v = doc.get(name);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new IOException("the OIDC discovery document has no " + name);
    }
    return URI.create(s);
  }

  private static void requireSecure(URI u) {
    if ("https".equalsIgnoreCase(u.getScheme())) {
      return;
    }
    // a loopback literal only: resolving a name here would let DNS decide what travels in clear
    String host = u.getHost();
    if ("http".equalsIgnoreCase(u.getScheme())
        && host != null
        && (host.equalsIgnoreCase("localhost")
            || host.equals("[::1]")
            || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}"))) {
      return;
    }
    throw new IllegalArgumentException(
        "OIDC endpoint " + u + " must use https (plain http only on a loopback address)");
  }

  /** A new PKCE code verifier. */
  static String newVerifier() {
    return ConsoleSessions.token();
  }

  /** The {@code S256} challenge of {@code verifier}. */
  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  /** Where to send the browser to sign in. */
  URI authorizeUrl(URI redirectUri, String state, String nonce, String verifier) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", config.clientId());
    q.put("redirect_uri", redirectUri.toString());
    q.put("scope", config.scope());
    q.put("state", state);
    q.put("nonce", nonce);
    q.put("code_challenge", challenge(verifier));
    q.put("code_challenge_method", "S256");
    String base = authorizationEndpoint.toString();
    return URI.create(base + (base.contains("?") ? "&" : "?") + form(q));
  }

  /**
   * Exchanges {@code code} for tokens and returns the approver the validated ID token names.
   *
   * @throws LoginFailed saying why (never echoing a token)
   */
  Approver complete(String code, URI redirectUri, String verifier, String nonce) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "authorization_code");
    f.put("code", code);
    f.put("redirect_uri", redirectUri.toString());
    f.put("code_verifier", verifier);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(tokenEndpoint)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    if (config.clientSecret() != null) {
      // client_secret_basic (RFC 6749 section 2.3.1): both parts form-encoded first
      String basic =
          URLEncoder.encode(config.clientId(), StandardCharsets.UTF_8)
              + ":"
              + URLEncoder.encode(config.clientSecret(), StandardCharsets.UTF_8);
      req.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    } else {
      f.put("client_id", config.clientId());
    }
    HttpResponse<String> r;
    try {
      r = send(http, req.POST(HttpRequest.BodyPublishers.ofString(form(f))).build());
    } catch (IOException e) {
      throw new LoginFailed("the identity provider's token endpoint cannot be reached");
    }
    if (r.statusCode() != 200) {
      throw new LoginFailed(
          "the identity provider refused the code exchange (HTTP " + r.statusCode() + ")");
    }
    String idToken;
    try {
      Object v = JSONObjectUtils.parse(r.body()).get("id_token");
      if (!(v instanceof String s)) {
        throw new LoginFailed("the identity provider returned no ID token");
      }
      idToken = s;
    } catch (ParseException e) {
      throw new LoginFailed("the identity provider's token response is not JSON");
    }
    return validate(idToken, nonce);
  }

  /** The approver of a valid ID token carrying {@code nonce}. */
  Approver validate(String idToken, String nonce) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(keys);
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            config.clientId(),
            new JWTClaimsSet.Builder()
                .issuer(config.issuer().toString())
                .claim("nonce", nonce)
                .build(),
            Set.of("sub", "exp", "iat")) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    claims.setMaxClockSkew(60);
    processor.setJWTClaimsSetVerifier(claims);
    try {
      JWTClaimsSet c = processor.process(idToken, null);
      return new Approver(
          c.getSubject(), BearerTokenApprovers.groups(c, config.groupsClaim()), "console");
    } catch (ParseException e) {
      throw new LoginFailed("the ID token is not a signed JWT");
    } catch (BadJOSEException e) {
      // Nimbus's wording names the failed check (expired, issuer, audience, nonce, signature)
      throw new LoginFailed("the ID token is refused: " + e.getMessage());
    } catch (JOSEException e) {
      throw new LoginFailed(
          "the ID token cannot be checked (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest request)
      throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String form(Map<String, String> values) {
    StringBuilder b = new StringBuilder();
    values.forEach(
        (k, v) -> {
          if (b.length() > 0) {
            b.append('&');
          }
          b.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return b.toString();
  }

  /** A login that did not succeed; the message is for the approver and names no token. */
  static final class LoginFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoginFailed(String message) {
      super(message);
    }
  }
}
