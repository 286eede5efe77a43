package io.phiguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.approval.server.ApprovalServer;
import io.phiguard.approval.server.NewRequest;
import io.phiguard.approval.server.PrincipalKind;
import io.phiguard.approval.server.Requester;
import io.phiguard.policy.PolicyException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./phiguard approvals serve} on port 0, configured by a policy file. */
class ApprovalsServeTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final HttpClient http = HttpClient.newHttpClient();

  private ApprovalsServe command() {
    return new ApprovalsServe(new PrintStream(out, true, StandardCharsets.UTF_8), name -> null);
  }

  private Path policy(String extra) throws Exception {
    Files.writeString(
        dir.resolve("callback-secret"), "whsec_Y2FsbGJhY2stc2VjcmV0LWZvci10ZXN0cy1vbmx5ISE=\n");
    return Files.writeString(
        dir.resolve("phiguard.yaml"),
        """
        version: 1
        approvals:
          server: http://localhost:8470
          request-ttl: 20m
          rules:
            - { name: schema-change, when: ddl, approvers: [dba] }
          data-dir: state
          callback:
            secret: file:%s
            approvers: { release-bot: [dba] }
        %s"""
            .formatted(dir.resolve("callback-secret"), extra));
  }

  private HttpResponse<String> get(ApprovalServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static NewRequest ddl() {
    return new NewRequest(
        new Requester("bob", PrincipalKind.HUMAN, Set.of(), List.of(), true),
        "postgresql://db/ehr",
        "DROP TABLE visits",
        "fp-1",
        "a".repeat(64),
        "b".repeat(64),
        List.of("visits"),
        List.of(),
        null,
        "schema-change",
        null);
  }

  @Test
  void servesTheApiOnPortZeroAndKeepsStateAcrossRestarts() throws Exception {
    Path config = policy("");
    String id;
    try (ApprovalServer server =
        command().start(new String[] {"serve", "--config", config.toString(), "--port", "0"})) {
      assertThat(server.port()).isPositive().isNotEqualTo(8470);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains(
              "listening on " + server.baseUri(),
              "1 rules",
              "console at http://localhost:" + server.port() + "/console");
      HttpResponse<String> empty = get(server, "/v1/requests?status=pending");
      assertThat(empty.statusCode()).isEqualTo(200);
      assertThat(empty.body()).isEqualTo("{\"requests\":[]}");
      id = server.service().create(ddl()).orThrow().id();
      assertThat(get(server, "/v1/requests?status=pending").body()).contains(id);
      // the policy's request-ttl reached the server
      assertThat(server.service().settings().requestTtl()).isEqualTo(Duration.ofMinutes(20));
      // the callback route is configured from the policy
      assertThat(
              http.send(
                      HttpRequest.newBuilder(server.baseUri().resolve("/v1/callbacks/decision"))
                          .POST(HttpRequest.BodyPublishers.ofString("{}"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(401);
    }
    assertThat(dir.resolve("state")).isDirectory();
    try (ApprovalServer again =
        command().start(new String[] {"serve", "--config", config.toString(), "--port", "0"})) {
      assertThat(get(again, "/v1/requests/" + id).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void usageErrorsAndBadConfigurationsDoNotStart() throws Exception {
    assertThat(command().start(new String[] {"serve"})).isNull();
    assertThat(command().start(new String[] {"serve", "--config", "x", "--port", "-1"})).isNull();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: ./phiguard approvals serve");

    Path bad = policy("  dev_mode: true\n");
    assertThatThrownBy(
            () ->
                command().start(new String[] {"serve", "--config", bad.toString(), "--port", "0"}))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("phiguard.yaml:11:3: unknown key 'dev_mode' in 'approvals'")
        .hasMessageContaining("dev-mode");

    // an env: secret that is not set stops the start, naming the variable and not a value
    Path unset =
        policy("  webhooks: [{ url: https://hooks.example.com/x, secret: env:HOOK_SECRET }]\n");
    assertThatThrownBy(
            () ->
                command()
                    .start(new String[] {"serve", "--config", unset.toString(), "--port", "0"}))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("HOOK_SECRET is not set");
  }

  @Test
  void mainRunsTheCommand() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"approvals", "list"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("approvals serve");
  }
}
