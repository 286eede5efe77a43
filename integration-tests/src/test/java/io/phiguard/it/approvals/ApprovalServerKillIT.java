package io.phiguard.it.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.driver.PhiGuard;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approval server killed with SIGKILL (no shutdown, no close of its H2 store) while a driver
 * waits in block mode, and started again on the same port and data directory: the request survived,
 * and the wait completes once it is approved.
 */
class ApprovalServerKillIT {
  private static final Pattern ID = Pattern.compile("\"id\":\"(apr_[0-9a-f]{32})\"");

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private Process server;
  private TestDatabase db;
  private int port;

  @AfterEach
  void stop() throws Exception {
    threads.shutdownNow();
    if (server != null) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    PhiGuard.shutdown();
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aWaitOutlivesAKillOfTheApprovalServer() throws Exception {
    db = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement()) {
      st.execute("CREATE TABLE patients (id INT PRIMARY KEY, ssn VARCHAR(11))");
      st.executeUpdate("INSERT INTO patients VALUES (1, '900-11-0001')");
    }
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = startServer();
    Path policy =
        Files.writeString(
            dir.resolve("phiguard.yaml"),
            """
            version: 1
            protect:
              patients:
                ssn: {mask: "partial(0, 4)"}
            approvals:
              server: http://127.0.0.1:%d
              mode: block
              max-wait: 2m
              rules:
                - { name: bulk-export, when: export, approvers: [privacy] }
            audit:
              store: file:./store/audit.jsonl
              journal: ./journal/phiguard.jsonl
            """
                .formatted(port));
    Properties properties = new Properties();
    properties.putAll(db.credentials());
    properties.setProperty("phiguard.config", policy.toString());
    properties.setProperty("phiguard.subject", "report-bot");
    properties.setProperty("phiguard.agent", "report-bot");
    properties.setProperty("phiguard.onBehalfOf", "alice");
    try (Connection agent = DriverManager.getConnection(db.phiguardUrl(), properties)) {
      Future<Object> blocked =
          threads.submit(
              () -> {
                try (Statement st = agent.createStatement()) {
                  st.execute("CREATE TABLE export_x AS SELECT id, ssn FROM patients");
                }
                return null;
              });
      String id = pendingRequest();

      server.destroyForcibly();
      // SIGKILL: 128 + 9
      assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(server.exitValue()).isEqualTo(137);
      Thread.sleep(1_000);
      assertThat(blocked.isDone()).as("the wait goes on while the server is down").isFalse();

      server = startServer();
      assertThat(get("/v1/requests/" + id)).contains("\"status\":\"pending\"");
      HttpResponse<String> vote =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/v1/requests/" + id + "/votes"))
                  .header("X-PhiGuard-Dev-Approver", "bob")
                  .header("X-PhiGuard-Dev-Groups", "privacy")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"approve\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(vote.statusCode()).as(vote.body()).isEqualTo(200);
      blocked.get(30, TimeUnit.SECONDS);
    }
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement();
        ResultSet rs = st.executeQuery("SELECT ssn FROM export_x")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("*******0001");
    }
    assertThat(get("/v1/requests/" + lastId)).contains("\"status\":\"redeemed\"");
  }

  private String lastId;

  private Process startServer() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                ApprovalServerChild.class.getName(),
                dir.resolve("server").toString(),
                Integer.toString(port))
            .redirectError(dir.resolve("server.err").toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    Future<String> ready = threads.submit(out::readLine);
    String line = ready.get(60, TimeUnit.SECONDS);
    assertThat(line).as(Files.readString(dir.resolve("server.err"))).startsWith("ready");
    return child;
  }

  private String pendingRequest() throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < until) {
      Matcher m = ID.matcher(get("/v1/requests?status=pending"));
      if (m.find()) {
        lastId = m.group(1);
        return lastId;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no pending approval request appeared");
  }

  private String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
