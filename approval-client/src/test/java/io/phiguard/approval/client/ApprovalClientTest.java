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
import io.phiguard.approval.grant.GrantException;
import io.phiguard.approval.grant.GrantSigner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApprovalClientTest {
  private static final String ID = "apr_" + "0123456789abcdef".repeat(2);
  private static final GrantBinding BINDING =
      new GrantBinding(ID, "agent-7", "postgresql://db/ehr", "fp", "a".repeat(64), "b".repeat(64));

  private final KeyPair pair = generate();
  private final AtomicReference<String> lastBody = new AtomicReference<>();
  private final CountDownLatch hold = new CountDownLatch(1);
  private HttpServer server;
  private ApprovalClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext(
        "/v1/requests",
        ex -> {
          if (ex.getRequestMethod().equals("POST")) {
            lastBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            reply(ex, 201, "{\"id\":\"" + ID + "\",\"status\":\"pending\",\"console_url\":\"c\"}");
          } else if (ex.getRequestURI().getQuery() != null) {
            try {
              hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            reply(ex, 200, "{\"id\":\"" + ID + "\",\"status\":\"pending\",\"version\":1}");
          } else {
            reply(
                ex,
                200,
                "{\"id\":\""
                    + ID
                    + "\",\"status\":\"denied\",\"version\":3,\"deny_reason\":\"no\","
                    + "\"votes\":[{\"subject\":\"bob\",\"decision\":\"deny\"}]}");
          }
        });
    server.createContext(
        "/v1/keys",
        ex -> {
          OctetKeyPair jwk =
              new OctetKeyPair.Builder(
                      Curve.Ed25519, Base64URL.encode(Ed25519Jws.rawPublicKey(pair.getPublic())))
                  .keyID("k1")
                  .build();
          reply(ex, 200, new JWKSet(jwk).toString(true));
        });
    server.createContext(
        "/v1/grants/redeem",
        ex -> reply(ex, 409, "{\"error\":\"grant-redeemed\",\"message\":\"already used\"}"));
    server.start();
    client =
        ApprovalClient.create(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    hold.countDown();
    server.stop(0);
  }

  @Test
  void createsARequestWithoutValuesAndReadsItsState() throws Exception {
    RequestState created = client.create(submission());
    assertThat(created.id()).isEqualTo(ID);
    assertThat(created.open()).isTrue();
    assertThat(lastBody.get())
        .contains("\"normalized_sql\":\"CREATE TABLE x AS SELECT * FROM patients WHERE id = ?\"")
        .contains("\"on_behalf_of\":[\"alice\"]")
        .contains("\"rule\":\"bulk-export\"")
        .contains("\"estimated_rows\":1234");
    RequestState now = client.get(ID);
    assertThat(now.status()).isEqualTo("denied");
    assertThat(now.denyReason()).isEqualTo("no");
    assertThat(now.approvers()).isEmpty();
  }

  @Test
  void aCancelEndsALongPollWithinASecond() throws Exception {
    AtomicBoolean cancelled = new AtomicBoolean();
    long start = System.nanoTime();
    Thread canceller =
        new Thread(
            () -> {
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                return;
              }
              cancelled.set(true);
            });
    canceller.start();
    RequestState state = client.poll(ID, Duration.ofSeconds(20), 0, cancelled::get);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(state).isNull();
    assertThat(millis).isLessThan(3_000);
  }

  @Test
  void anInterruptEndsALongPoll() throws Exception {
    Thread waiter = Thread.currentThread();
    Thread interrupter =
        new Thread(
            () -> {
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                return;
              }
              waiter.interrupt();
            });
    interrupter.start();
    assertThatThrownBy(() -> client.poll(ID, Duration.ofSeconds(20), 0, CancelSignal.NEVER))
        .isInstanceOf(InterruptedException.class);
  }

  @Test
  void verifiesAGrantOfflineAndRefusesATamperedOne() throws Exception {
    Instant now = Instant.now();
    String grant =
        new GrantSigner(pair.getPrivate(), "k1")
            .sign(BINDING, "bulk-export", now, now.plusSeconds(600));
    assertThat(client.verify(grant, BINDING).rule()).isEqualTo("bulk-export");
    String tampered = grant.substring(0, grant.length() - 4) + "AAAA";
    assertThatThrownBy(() -> client.verify(tampered, BINDING))
        .isInstanceOfSatisfying(
            GrantException.class,
            e -> assertThat(e.problem()).isEqualTo(GrantException.Problem.BAD_SIGNATURE));
    GrantBinding otherValues =
        new GrantBinding(
            ID, "agent-7", "postgresql://db/ehr", "fp", "a".repeat(64), "c".repeat(64));
    assertThatThrownBy(() -> client.verify(grant, otherValues))
        .isInstanceOfSatisfying(
            GrantException.class,
            e -> assertThat(e.getMessage()).contains("other parameter values"));
  }

  @Test
  void aRefusalCarriesTheServersCode() {
    assertThatThrownBy(() -> client.redeem("x.y.z", BINDING))
        .isInstanceOfSatisfying(
            ApprovalServerException.class,
            e -> {
              assertThat(e.code()).isEqualTo("grant-redeemed");
              assertThat(e.unreachable()).isFalse();
            });
  }

  @Test
  void anUnreachableServerIsSaidSo() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ApprovalClient nowhere =
        ApprovalClient.create(URI.create("http://127.0.0.1:" + port), Clock.systemUTC());
    assertThatThrownBy(() -> nowhere.create(submission()))
        .isInstanceOfSatisfying(
            ApprovalServerException.class, e -> assertThat(e.unreachable()).isTrue());
  }

  private static Submission submission() {
    return new Submission(
        "agent-7",
        "agent",
        Set.of("bots"),
        List.of("alice"),
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
        1234L);
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
