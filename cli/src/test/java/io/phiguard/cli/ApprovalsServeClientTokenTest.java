package io.phiguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.approval.client.ClientToken;
import io.phiguard.approval.server.ApprovalServer;
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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./phiguard approvals serve} reads {@code approvals.client-token} from the policy. */
class ApprovalsServeClientTokenTest {
  private static final String TOKEN = "ct-synthetic-token-0123456789abcdef";
  private static final String SUBMISSION =
      """
      {"requester": {"subject": "bob", "type": "human", "groups": [], "on_behalf_of": [],
       "verified": true},
       "datasource": "postgresql://db/ehr", "normalized_sql": "DROP TABLE visits", "fingerprint": "fp-1",
       "sql_hash": "%s", "params_digest": "%s", "tables": ["visits"], "columns": [],
       "rule": "schema-change"}
      """
          .formatted("a".repeat(64), "b".repeat(64));

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final HttpClient http = HttpClient.newHttpClient();

  private ApprovalServer start(String tokenLine, Map<String, String> env) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("phiguard.yaml"),
            """
            version: 1
            approvals:
              server: http://localhost:8470
              rules:
                - { name: schema-change, when: ddl, approvers: [dba] }
              data-dir: state
            %s"""
                .formatted(tokenLine));
    return new ApprovalsServe(new PrintStream(out, true, StandardCharsets.UTF_8), env::get)
        .start(new String[] {"serve", "--config", config.toString(), "--port", "0"});
  }

  private HttpResponse<String> create(ApprovalServer server, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.baseUri().resolve("/v1/requests"))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(SUBMISSION));
    if (token != null) {
      b.header(ClientToken.HEADER, token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theServerDemandsThePolicysClientToken() throws Exception {
    try (ApprovalServer server =
        start(
            "  client-token: env:PHIGUARD_CLIENT_TOKEN\n",
            Map.of("PHIGUARD_CLIENT_TOKEN", TOKEN))) {
      HttpResponse<String> without = create(server, null);
      assertThat(without.statusCode()).as(without.body()).isEqualTo(401);
      assertThat(without.body()).contains("\"error\":\"client-unauthenticated\"");
      HttpResponse<String> with = create(server, TOKEN);
      assertThat(with.statusCode()).as(with.body()).isEqualTo(201);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .doesNotContain("drivers are not authenticated")
        .doesNotContain(TOKEN);
  }

  @Test
  void withoutATokenItWarnsThatDriversAreNotAuthenticated() throws Exception {
    try (ApprovalServer server = start("", Map.of())) {
      assertThat(create(server, null).statusCode()).isEqualTo(201);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("WARNING: no approvals.client-token: drivers are not authenticated");
  }

  @Test
  void aTokenThatCannotBeReadOrUsedStopsTheStartWithFileAndLine() {
    assertThatThrownBy(() -> start("  client-token: env:PHIGUARD_CLIENT_TOKEN\n", Map.of()))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("phiguard.yaml:7:17:")
        .hasMessageContaining("PHIGUARD_CLIENT_TOKEN is not set");
    String spaced = "token with spaces 0123456789";
    assertThatThrownBy(
            () ->
                start(
                    "  client-token: env:PHIGUARD_CLIENT_TOKEN\n",
                    Map.of("PHIGUARD_CLIENT_TOKEN", spaced)))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("phiguard.yaml:7:17:")
        .hasMessageContaining("printable ASCII")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(spaced));
  }
}
