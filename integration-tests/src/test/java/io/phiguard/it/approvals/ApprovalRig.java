package io.phiguard.it.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.phiguard.driver.PhiGuard;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What the approval ITs beyond {@code ApprovalsIT} share: a fresh PostgreSQL database holding one
 * synthetic patient, driver connections under a policy whose approval server the test names,
 * statements run on a thread of their own (so a blocked call can be watched), and the approval
 * server's REST API spoken as dev-mode approvers.
 */
final class ApprovalRig implements AutoCloseable {
  static final String CTAS = "CREATE TABLE export_x AS SELECT id, ssn FROM patients";
  static final Duration PATIENCE = Duration.ofSeconds(20);

  private final Path dir;
  private final TestDatabase db;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<AutoCloseable> closing = new ArrayList<>();

  private ApprovalRig(Path dir, TestDatabase db) {
    this.dir = dir;
    this.db = db;
  }

  /** A rig with a fresh database; driver files go under {@code dir}. */
  static ApprovalRig create(Path dir) throws SQLException {
    TestDatabase db = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement()) {
      st.execute("CREATE TABLE patients (id INT PRIMARY KEY, ssn VARCHAR(11), ward VARCHAR(20))");
      st.executeUpdate("INSERT INTO patients VALUES (1, '900-11-0001', 'east')");
    } catch (SQLException e) {
      db.close();
      throw e;
    }
    return new ApprovalRig(dir, db);
  }

  /**
   * A driver connection whose policy sends exports to {@code server} under rule {@code bulk-export}
   * ({@code quorum: 2, approvers: [security, dba]}, as the servers in these tests enforce it),
   * waiting in {@code mode}; an agent acting for {@code onBehalfOf} unless that is null.
   */
  Connection open(String mode, URI server, String subject, String onBehalfOf) throws Exception {
    String policy =
        """
        version: 1
        protect:
          patients:
            ssn: {mask: "partial(0, 4)"}
        approvals:
          server: %1$s
          mode: %2$s
          max-wait: 1m
          rules:
            - { name: bulk-export, when: export, quorum: 2, approvers: [security, dba] }
        audit:
          store: file:./store-%2$s/audit.jsonl
          journal: ./journal-%2$s/phiguard.jsonl
        """
            .formatted(server, mode);
    Path file = Files.writeString(dir.resolve("phiguard-" + mode + ".yaml"), policy);
    Properties properties = new Properties();
    properties.putAll(db.credentials());
    properties.setProperty("phiguard.config", file.toString());
    properties.setProperty("phiguard.subject", subject);
    if (onBehalfOf != null) {
      properties.setProperty("phiguard.agent", subject);
      properties.setProperty("phiguard.onBehalfOf", onBehalfOf);
      properties.setProperty("phiguard.purpose", "quarterly report");
    }
    Connection c = DriverManager.getConnection(db.phiguardUrl(), properties);
    closing.add(c);
    return c;
  }

  /** Runs {@code sql} on a thread of its own: a call held for approval stays blocked there. */
  Future<Object> execute(Connection c, String sql) {
    return threads.submit(
        () -> {
          run(c, sql);
          return null;
        });
  }

  /** Runs {@code calls} on threads of their own, released together; their answers in order. */
  List<HttpResponse<String>> atOnce(List<Callable<HttpResponse<String>>> calls) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> running = new ArrayList<>();
    for (Callable<HttpResponse<String>> call : calls) {
      running.add(
          threads.submit(
              () -> {
                start.await();
                return call.call();
              }));
    }
    start.countDown();
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (Future<HttpResponse<String>> f : running) {
      answers.add(f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    }
    return answers;
  }

  static void run(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** Waits for {@code call} to end normally. */
  static void completes(Future<Object> call) throws Exception {
    call.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }

  /** The exception {@code call} ended with; fails when it ran. */
  static SQLException failure(Future<Object> call) throws Exception {
    try {
      call.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("the statement ran");
    } catch (ExecutionException e) {
      return (SQLException) e.getCause();
    }
  }

  /** The ssn values the export copied. */
  List<String> exported() throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement();
        ResultSet rs = st.executeQuery("SELECT ssn FROM export_x")) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  /** Whether the export ran (its table exists). */
  boolean exportRan() throws SQLException {
    try (Connection raw = db.openRaw();
        ResultSet rs = raw.getMetaData().getTables(null, null, "export_x", null)) {
      return rs.next();
    }
  }

  void dropExport() throws SQLException {
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement()) {
      st.execute("DROP TABLE IF EXISTS export_x");
    }
  }

  /** The driver's audit journal of connections in {@code mode}. */
  String journal(String mode) throws IOException {
    return Files.readString(dir.resolve("journal-" + mode + "/phiguard.jsonl"));
  }

  /** GET {@code path} on {@code server}. */
  HttpResponse<String> get(URI server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** POST {@code json} to {@code path} on {@code server} as dev-mode approver {@code approver}. */
  HttpResponse<String> post(URI server, String path, String approver, String groups, String json)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.resolve(path))
            .header("X-PhiGuard-Dev-Approver", approver)
            .header("X-PhiGuard-Dev-Groups", groups)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> approve(URI server, String id, String approver, String groups)
      throws Exception {
    return post(
        server, "/v1/requests/" + id + "/votes", approver, groups, "{\"decision\":\"approve\"}");
  }

  /** Request {@code id} as {@code server} reports it. */
  Map<String, Object> request(URI server, String id) throws Exception {
    HttpResponse<String> answer = get(server, "/v1/requests/" + id);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return json(answer);
  }

  /** The id of the one pending request on {@code server}, once it appears. */
  String pendingRequest(URI server) throws Exception {
    long until = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < until) {
      List<?> pending = (List<?>) json(get(server, "/v1/requests?status=pending")).get("requests");
      if (pending != null && !pending.isEmpty()) {
        assertThat(pending).hasSize(1);
        return (String) ((Map<?, ?>) pending.get(0)).get("id");
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no pending approval request appeared at " + server);
  }

  /** Waits until {@code condition} holds for request {@code id} on {@code server}. */
  Map<String, Object> awaitRequest(URI server, String id, Predicate<Map<String, Object>> condition)
      throws Exception {
    long until = System.nanoTime() + PATIENCE.toNanos();
    Map<String, Object> last = request(server, id);
    while (!condition.test(last)) {
      if (System.nanoTime() > until) {
        throw new AssertionError("request " + id + " never reached the expected state: " + last);
      }
      Thread.sleep(50);
      last = request(server, id);
    }
    return last;
  }

  static Map<String, Object> json(HttpResponse<String> answer) throws ParseException {
    return JSONObjectUtils.parse(answer.body());
  }

  @Override
  public void close() throws Exception {
    threads.shutdownNow();
    for (AutoCloseable c : closing) {
      c.close();
    }
    PhiGuard.shutdown();
    db.close();
  }
}
