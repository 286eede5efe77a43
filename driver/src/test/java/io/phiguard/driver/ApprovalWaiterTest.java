package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phiguard.policy.ApprovalSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The waiting and the refusals of {@link ApprovalWaiter}, against a fake approval server. */
class ApprovalWaiterTest {
  private static final String ID = "apr_" + "0123456789abcdef".repeat(2);

  private final AtomicReference<String> state = new AtomicReference<>("pending");
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/v1/requests",
        ex -> {
          if (ex.getRequestMethod().equals("POST")) {
            ex.getRequestBody().readAllBytes();
            reply(ex, 201, "{\"id\":\"" + ID + "\",\"status\":\"pending\",\"version\":1}");
            return;
          }
          if (ex.getRequestURI().getQuery() != null) {
            try {
              Thread.sleep(200);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          reply(
              ex,
              200,
              "{\"id\":\""
                  + ID
                  + "\",\"status\":\""
                  + state.get()
                  + "\",\"version\":2,\"deny_reason\":\"no export this quarter\"}");
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ApprovalWaiter waiter(int port, ApprovalSettings.WaitMode mode, Duration maxWait) {
    return new ApprovalWaiter(
        new ApprovalSettings(
            Optional.of(URI.create("http://127.0.0.1:" + port)),
            mode,
            maxWait,
            ApprovalSettings.DEFAULT_REQUEST_TTL,
            ApprovalSettings.DEFAULT_GRANT_TTL,
            List.of(),
            List.of()),
        Clock.systemUTC());
  }

  private static GateDecision held(String sql) {
    return HeldDecisions.export(7, sql);
  }

  @Test
  void maxWaitCapsABlockedWaitWithPh001() {
    ApprovalWaiter waiter =
        waiter(
            server.getAddress().getPort(), ApprovalSettings.WaitMode.BLOCK, Duration.ofSeconds(1));
    long start = System.nanoTime();
    SQLException e =
        catchThrowableOfType(
            () ->
                waiter.approve(
                    held("CREATE TABLE a AS SELECT * FROM patients"),
                    ParameterDigest.none(),
                    ApprovalWait.UNBOUNDED),
            SQLException.class);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat((Throwable) e).isInstanceOf(SQLTransientException.class);
    assertThat(e.getSQLState()).isEqualTo("PH001");
    assertThat(e.getMessage()).contains(ID).contains("bulk-export").contains("max-wait");
    assertThat(millis).isBetween(900L, 5_000L);
  }

  @Test
  void aDenialIsPh002WithTheReason() {
    state.set("denied");
    ApprovalWaiter waiter =
        waiter(
            server.getAddress().getPort(), ApprovalSettings.WaitMode.BLOCK, Duration.ofMinutes(1));
    SQLException e =
        catchThrowableOfType(
            () ->
                waiter.approve(
                    held("CREATE TABLE b AS SELECT * FROM patients"),
                    ParameterDigest.none(),
                    ApprovalWait.UNBOUNDED),
            SQLException.class);
    assertThat((Throwable) e).isNotInstanceOf(SQLTransientException.class);
    assertThat(e.getSQLState()).isEqualTo("PH002");
    assertThat(e.getMessage())
        .contains(ID)
        .contains("bulk-export")
        .contains("no export this quarter");
    assertThat(((PhiGuardErrors.ApprovalDetails) e).requestId()).isEqualTo(ID);
  }

  @Test
  void anUnreachableServerIsPh004NamingTheRule() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    ApprovalWaiter waiter =
        waiter(closed, ApprovalSettings.WaitMode.FAIL_FAST, Duration.ofMinutes(1));
    SQLException e =
        catchThrowableOfType(
            () ->
                waiter.approve(
                    held("CREATE TABLE c AS SELECT * FROM patients"),
                    ParameterDigest.none(),
                    ApprovalWait.UNBOUNDED),
            SQLException.class);
    assertThat(e.getSQLState()).isEqualTo("PH004");
    assertThat(e.getMessage()).contains("bulk-export").doesNotContain("patients");
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
