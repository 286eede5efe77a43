package io.phiguard.cli;

import io.phiguard.approval.client.ClientToken;
import io.phiguard.approval.server.ApprovalServer;
import io.phiguard.approval.server.ApprovalSettings;
import io.phiguard.approval.server.RuleSpec;
import io.phiguard.approval.server.ServerOptions;
import io.phiguard.driver.PhiGuardConfig;
import io.phiguard.driver.PhiGuardDataSource;
import io.phiguard.driver.PhiGuardErrors;
import io.phiguard.policy.Identity;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Step 7 of {@code ./phiguard demo}: an AI agent's export waits for a human, who is not the person
 * the agent acts for; a bulk read stops at its row cap. The approval server runs in-process with
 * dev-mode approvers (the demo's only use of dev mode).
 */
final class DemoApprovals {
  private final PrintStream out;
  private final HttpClient http = HttpClient.newHttpClient();

  DemoApprovals(PrintStream out) {
    this.out = out;
  }

  void run(DataSource h2) throws SQLException {
    Path dir;
    try {
      dir = Files.createTempDirectory("phiguard-demo-approvals");
    } catch (IOException e) {
      throw new SQLException("cannot create the demo's directory: " + e.getMessage(), e);
    }
    // drivers authenticate to the server with a shared client token, here a random one in a file
    Path token;
    byte[] secret = HexFormat.of().formatHex(randomBytes()).getBytes(StandardCharsets.US_ASCII);
    try {
      token = Files.write(dir.resolve("client-token"), secret);
    } catch (IOException e) {
      throw new SQLException("cannot write the demo's client token: " + e.getMessage(), e);
    }
    try (ApprovalServer server = start(dir, ClientToken.of(secret))) {
      String base = "http://127.0.0.1:" + server.port();
      Path policy = policy(dir, base, token);
      PhiGuardDataSource guarded =
          PhiGuardDataSource.wrap(
              h2,
              PhiGuardConfig.builder()
                  .policyFile(policy)
                  .connectionIdentity(
                      Identity.of("claude-agent")
                          .agent("claude-agent")
                          .onBehalfOf("dr.lee")
                          .purpose("quarterly report")
                          .build())
                  .build());
      try (Connection agent = guarded.getConnection();
          Statement statement = agent.createStatement()) {
        export(statement, base);
        rowCap(statement);
      }
    } catch (IOException e) {
      throw new SQLException("the demo's approval server failed: " + e.getMessage(), e);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static ApprovalServer start(Path dir, ClientToken token) throws IOException {
    return ApprovalServer.start(
        ServerOptions.of(
                ApprovalSettings.of(
                    List.of(
                        new RuleSpec("bulk-export", 1, Set.of("privacy")),
                        new RuleSpec("large-read", 1, Set.of("privacy"))),
                    URI.create("http://127.0.0.1/console")),
                dir.resolve("server"))
            .address(new InetSocketAddress("127.0.0.1", 0))
            .clientToken(token)
            .devMode(true));
  }

  private static Path policy(Path dir, String server, Path token) throws IOException {
    return Files.writeString(
        dir.resolve("phiguard.yaml"),
        """
        version: 1
        protect:
          patients:
            ssn: partial(0, 4)
            full_name: redact
        approvals:
          server: %s
          client-token: file:%s
          mode: fail-fast
          rules:
            - { name: bulk-export, when: export, approvers: [privacy] }
            - { name: large-read, when: "rows > 1", tables: [patients], approvers: [privacy] }
        audit:
          store: file:./audit-store.jsonl
          journal: ./journal.jsonl
        """
            .formatted(server, token));
  }

  private void export(Statement statement, String base) throws SQLException, IOException {
    String copy = "create table patient_export as select id, ssn from patients";
    String id;
    try {
      statement.execute(copy);
      throw new IllegalStateException("the export ran without approval");
    } catch (SQLException held) {
      id = ((PhiGuardErrors.ApprovalDetails) held).requestId();
      out.println("    agent's export: SQLState " + held.getSQLState());
      out.println("      " + held.getMessage());
    }
    out.println("    dr.lee (the agent acts for him) votes:  " + vote(base, id, "dr.lee"));
    out.println("    privacy-officer votes:                  " + vote(base, id, "privacy-officer"));
    statement.execute(copy);
    try (ResultSet rows = statement.executeQuery("select ssn from patient_export order by id")) {
      rows.next();
      out.println("    retried: the export ran once, masked: ssn " + rows.getString(1));
    }
    try {
      statement.execute("drop table patient_export");
      statement.execute(copy);
    } catch (SQLException again) {
      out.println(
          "    the same export again: SQLState " + again.getSQLState() + " (a new request)");
    }
  }

  private void rowCap(Statement statement) {
    int read = 0;
    try (ResultSet rows = statement.executeQuery("select id, ssn from patients order by id")) {
      while (rows.next()) {
        read++;
      }
      out.println("    bulk read: " + read + " rows (the cap did not apply?)");
    } catch (SQLException stopped) {
      out.println(
          "    bulk read stopped after " + read + " row: SQLState " + stopped.getSQLState());
      out.println("      " + stopped.getMessage());
    }
    try {
      statement.executeQuery("select id, ssn from patients order by id").close();
    } catch (SQLException held) {
      out.println(
          "    the same read again: SQLState " + held.getSQLState() + " (asks for approval)");
    }
  }

  /** A dev-mode approver's vote; the server's answer in one line. */
  private String vote(String base, String id, String approver) throws IOException {
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/requests/" + id + "/votes"))
                  .header("X-PhiGuard-Dev-Approver", approver)
                  .header("X-PhiGuard-Dev-Groups", "privacy")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"approve\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String body = answer.body();
      String error =
          body.contains("\"error\"") ? body.replaceAll(".*\"error\":\"([^\"]+)\".*", " $1") : "";
      return "HTTP " + answer.statusCode() + error;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
