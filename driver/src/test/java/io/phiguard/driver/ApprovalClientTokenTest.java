package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phiguard.approval.client.ClientToken;
import io.phiguard.policy.ApprovalServerSettings;
import io.phiguard.policy.ApprovalSettings;
import io.phiguard.policy.SecretRef;
import io.phiguard.policy.SourceLocation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's {@code approvals.client-token}: read once, sent on every call, refusals named. */
class ApprovalClientTokenTest {
  private static final String ID = "apr_" + "fedcba9876543210".repeat(2);
  private static final String TOKEN = "ct-synthetic-token-0123456789abcdef";
  private static final String WRONG = "ct-wrong-synthetic-0123456789abcdef";

  @TempDir Path dir;
  // the status GETs answer, and the client token header of every call by "METHOD path"
  private final AtomicReference<String> status = new AtomicReference<>("pending");
  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/v1/",
        ex -> {
          String token = ex.getRequestHeaders().getFirst(ClientToken.HEADER);
          seen.put(
              ex.getRequestMethod() + " " + ex.getRequestURI().getPath(),
              token == null ? "-" : token);
          ex.getRequestBody().readAllBytes();
          if (!TOKEN.equals(token)) {
            reply(ex, 401, "{\"error\":\"client-unauthenticated\",\"message\":\"no driver\"}");
          } else if (ex.getRequestMethod().equals("POST")) {
            reply(ex, 201, "{\"id\":\"" + ID + "\",\"status\":\"pending\",\"version\":1}");
          } else {
            // approved, yet without a grant: what a driver with another token would see
            reply(ex, 200, "{\"id\":\"" + ID + "\",\"status\":\"" + status.get() + "\"}");
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Path tokenFile(String name, String token) throws IOException {
    return Files.writeString(dir.resolve(name), token + "\n");
  }

  private ApprovalWaiter waiter(Path tokenFile, ApprovalSettings.WaitMode mode) {
    return new ApprovalWaiter(
        new ApprovalSettings(
            Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
            mode,
            Duration.ofSeconds(20),
            ApprovalSettings.DEFAULT_REQUEST_TTL,
            ApprovalSettings.DEFAULT_GRANT_TTL,
            List.of(),
            List.of(),
            ApprovalServerSettings.defaults(),
            Optional.of(
                new SecretRef(
                    SecretRef.Kind.FILE,
                    tokenFile.toString(),
                    new SourceLocation("phiguard.yaml", 9, 17)))),
        Clock.systemUTC());
  }

  private static GateDecision held(String sql) {
    return HeldDecisions.export(8, sql);
  }

  private static SQLException refusal(ApprovalWaiter waiter, String sql) {
    SQLException e =
        catchThrowableOfType(
            () -> waiter.approve(held(sql), ParameterDigest.none(), ApprovalWait.UNBOUNDED),
            SQLException.class);
    assertThat((Throwable) e).as("expected a refusal").isNotNull();
    return e;
  }

  @Test
  void theTokenFromThePolicyTravelsInItsOwnHeader() throws IOException {
    ApprovalWaiter waiter =
        waiter(tokenFile("right.token", TOKEN), ApprovalSettings.WaitMode.FAIL_FAST);
    SQLException e = refusal(waiter, "CREATE TABLE t1 AS SELECT * FROM patients");
    assertThat(e.getSQLState()).isEqualTo("PH001");
    assertThat(seen).containsEntry("POST /v1/requests", TOKEN);
    assertThat(e.getMessage()).doesNotContain(TOKEN);
  }

  @Test
  void aRefusedTokenIsPh004NamingRuleAndKeyButNotTheToken() throws IOException {
    ApprovalWaiter waiter =
        waiter(tokenFile("wrong.token", WRONG), ApprovalSettings.WaitMode.BLOCK);
    SQLException e = refusal(waiter, "CREATE TABLE t2 AS SELECT * FROM patients");
    assertThat(e.getSQLState()).isEqualTo("PH004");
    assertThat(e.getMessage())
        .contains("bulk-export")
        .contains("refused this driver's client token")
        .contains("check approvals.client-token")
        .doesNotContain(WRONG)
        .doesNotContain("patients");
    assertThat(((PhiGuardException) e).rule()).isEqualTo("bulk-export");
    assertThat(seen).containsEntry("POST /v1/requests", WRONG);
  }

  @Test
  void anApprovalShownWithoutItsGrantIsPh004() throws IOException {
    status.set("approved");
    ApprovalWaiter waiter =
        waiter(tokenFile("right2.token", TOKEN), ApprovalSettings.WaitMode.BLOCK);
    SQLException e = refusal(waiter, "CREATE TABLE t3 AS SELECT * FROM patients");
    assertThat(e.getSQLState()).isEqualTo("PH004");
    assertThat(e.getMessage()).contains(ID).contains("check approvals.client-token");
  }

  @Test
  void aTokenThatVanishedAfterConnectRefusesWithF0000AndAsksNothing() {
    ApprovalWaiter waiter = waiter(dir.resolve("vanished.token"), ApprovalSettings.WaitMode.BLOCK);
    SQLException e = refusal(waiter, "CREATE TABLE t4 AS SELECT * FROM patients");
    assertThat(e.getSQLState()).isEqualTo("F0000");
    assertThat(e.getMessage())
        .contains("bulk-export")
        .contains("approvals.client-token")
        .contains("phiguard.yaml:9:17");
    assertThat(seen).isEmpty();
  }

  @Test
  void anUnreadableOrUnusableTokenRefusesToConnect() throws Exception {
    String approvals =
        "version: 1\napprovals:\n  server: http://127.0.0.1:8470\n"
            + "  rules:\n    - { name: schema-change, when: ddl, approvers: [dba] }\n"
            + "  client-token: file:";
    Path missing =
        Files.writeString(
            dir.resolve("missing.yaml"), approvals + dir.resolve("absent.token") + "\n");
    assertRefusedAtConnect(missing, "missing.yaml:6:17", "approvals.client-token", "absent.token");

    Path spaced = tokenFile("spaced.token", "a token with spaces 0123456789");
    Path unusable = Files.writeString(dir.resolve("unusable.yaml"), approvals + spaced + "\n");
    assertRefusedAtConnect(unusable, "approvals.client-token", "printable ASCII");

    Path good =
        Files.writeString(
            dir.resolve("good.yaml"), approvals + tokenFile("good.token", TOKEN) + "\n");
    assertThat(
            PhiGuardConfig.fromProperties(props(good), Map.of(), new Properties())
                .policy()
                .approvals()
                .clientToken())
        .isPresent();
  }

  private static Properties props(Path policy) {
    Properties p = new Properties();
    p.setProperty("phiguard.config", policy.toString());
    return p;
  }

  private static void assertRefusedAtConnect(Path policy, String... named) {
    assertThatThrownBy(
            () -> PhiGuardConfig.fromProperties(props(policy), Map.of(), new Properties()))
        .isInstanceOf(SQLNonTransientException.class)
        .hasFieldOrPropertyWithValue("SQLState", "F0000")
        .hasMessageContainingAll(named)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("0123456789"));
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
