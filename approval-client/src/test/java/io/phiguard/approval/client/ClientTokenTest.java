package io.phiguard.approval.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phiguard.approval.grant.Ed25519Jws;
import io.phiguard.approval.grant.GrantBinding;
import io.phiguard.approval.grant.GrantSigner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The driver's client token: sent on every call, never shown. */
class ClientTokenTest {
  private static final String ID = "apr_" + "0123456789abcdef".repeat(2);
  private static final String SECRET = "ct-synthetic-0123456789abcdef";
  private static final GrantBinding BINDING =
      new GrantBinding(ID, "agent-7", "postgresql://db/ehr", "fp", "a".repeat(64), "b".repeat(64));

  private final KeyPair pair = generate();
  // "METHOD path" -> the client token header seen ("-" when absent)
  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange ex) throws IOException {
    String token = ex.getRequestHeaders().getFirst(ClientToken.HEADER);
    String path = ex.getRequestURI().getPath();
    seen.put(ex.getRequestMethod() + " " + path, token == null ? "-" : token);
    if (token != null && !token.equals(SECRET)) {
      reply(ex, 401, "{\"error\":\"client-unauthenticated\",\"message\":\"no driver token\"}");
    } else if (path.equals("/v1/keys")) {
      OctetKeyPair jwk =
          new OctetKeyPair.Builder(
                  Curve.Ed25519, Base64URL.encode(Ed25519Jws.rawPublicKey(pair.getPublic())))
              .keyID("k1")
              .build();
      reply(ex, 200, new JWKSet(jwk).toString(true));
    } else if (path.equals("/v1/grants/redeem")) {
      reply(ex, 200, "{\"id\":\"" + ID + "\",\"status\":\"redeemed\",\"version\":4}");
    } else {
      reply(ex, 200, "{\"id\":\"" + ID + "\",\"status\":\"pending\",\"version\":1}");
    }
  }

  private ApprovalClient client(String token) {
    return ApprovalClient.create(
        base,
        Clock.systemUTC(),
        Optional.ofNullable(token).map(t -> ClientToken.of(t.getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void everyCallCarriesTheTokenInItsOwnHeader() throws Exception {
    ApprovalClient client = client(SECRET);
    client.create(submission());
    client.get(ID);
    client.poll(ID, Duration.ofMillis(10), 0, CancelSignal.NEVER);
    Instant now = Instant.now();
    String grant =
        new GrantSigner(pair.getPrivate(), "k1")
            .sign(BINDING, "bulk-export", now, now.plusSeconds(600));
    client.verify(grant, BINDING);
    client.redeem(grant, BINDING);
    assertThat(seen)
        .containsOnlyKeys(
            "POST /v1/requests", "GET /v1/requests/" + ID, "GET /v1/keys", "POST /v1/grants/redeem")
        .allSatisfy((call, token) -> assertThat(token).as(call).isEqualTo(SECRET));
  }

  @Test
  void withoutATokenNoHeaderIsSent() throws Exception {
    ApprovalClient client = ApprovalClient.create(base, Clock.systemUTC());
    client.create(submission());
    client.get(ID);
    assertThat(seen).isNotEmpty().allSatisfy((call, token) -> assertThat(token).isEqualTo("-"));
  }

  @Test
  void aRefusedTokenIsSaidSoWithoutShowingIt() {
    String wrong = "ct-wrong-synthetic-0123456789";
    ApprovalClient client = client(wrong);
    assertThatThrownBy(() -> client.create(submission()))
        .isInstanceOfSatisfying(
            ApprovalServerException.class,
            e -> {
              assertThat(e.clientUnauthenticated()).isTrue();
              assertThat(e.unreachable()).isFalse();
              assertThat(e.httpStatus()).isEqualTo(401);
              assertThat(e.getMessage()).doesNotContain(wrong);
            });
    assertThat(client.toString()).contains("with client token").doesNotContain(wrong);
  }

  @Test
  void theTokenIsNeverShownAndComparedByContent() {
    ClientToken token = ClientToken.of(SECRET.getBytes(StandardCharsets.US_ASCII));
    assertThat(token.toString()).doesNotContain(SECRET);
    assertThat(token.matches(SECRET)).isTrue();
    assertThat(token.matches(SECRET + "x")).isFalse();
    assertThat(token.matches(SECRET.substring(1))).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches(null)).isFalse();
    assertThat(token).isEqualTo(ClientToken.of(SECRET.getBytes(StandardCharsets.US_ASCII)));
    assertThat(token).isNotEqualTo(ClientToken.of("other-synthetic-0123".getBytes()));
  }

  @Test
  void aTokenThatCannotBeAHeaderValueIsRefusedWithoutShowingIt() {
    for (String bad :
        List.of("", "has space-0123456789", "line\nbreak-0123456789", "é-0123456789")) {
      assertThatThrownBy(() -> ClientToken.of(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("0123456789"));
    }
  }

  private static Submission submission() {
    return new Submission(
        "agent-7",
        "agent",
        Set.of("bots"),
        List.of(),
        false,
        "postgresql://db/ehr",
        "CREATE TABLE x AS SELECT * FROM patients WHERE id = ?",
        "fp",
        "a".repeat(64),
        "b".repeat(64),
        List.of("public.patients"),
        List.of(),
        "bulk-export",
        null,
        null);
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
