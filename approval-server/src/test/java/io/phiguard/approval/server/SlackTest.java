package io.phiguard.approval.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlackTest {
  // the example of Slack's "Verifying requests from Slack" documentation
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String TS = "1531420618";
  private static final String BODY =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
          + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
          + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554"
          + "%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  private static final String SIGNATURE =
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

  private final SlackSignature slack = new SlackSignature(SECRET);

  @Test
  void verifiesSlacksDocumentedExample() {
    assertThat(slack.sign(TS, BODY)).isEqualTo(SIGNATURE);
    assertThat(slack.verify(TS, SIGNATURE, BODY, Instant.ofEpochSecond(1531420618L + 60))).isNull();
  }

  @Test
  void refusesForgedAndStaleRequests() {
    Instant now = Instant.ofEpochSecond(1531420618L);
    assertThat(slack.verify(TS, SIGNATURE, BODY + "&x=1", now)).contains("does not match");
    assertThat(slack.verify(TS, "v0=" + "0".repeat(64), BODY, now)).contains("does not match");
    assertThat(slack.verify(TS, SIGNATURE, BODY, now.plusSeconds(301))).contains("older than 5");
    assertThat(slack.verify(null, SIGNATURE, BODY, now)).contains("required");
  }

  @Test
  void mentionsLinksAndBackticksInSqlRenderInert() {
    String sql =
        "SELECT 1 /* <!channel> <http://evil.example|click to approve> ``` *bold* */ FROM t";
    assertThat(SlackText.codeBlock(sql))
        .startsWith("```")
        .endsWith("```")
        .contains("&lt;!channel&gt;")
        .contains("&lt;http://evil.example|click to approve&gt;")
        .doesNotContain("<!channel>")
        .doesNotContain("<http");
    // only the fences remain as backticks
    assertThat(SlackText.codeBlock(sql).chars().filter(c -> c == '`').count()).isEqualTo(6);
    assertThat(SlackText.escape("a & b")).isEqualTo("a &amp; b");
    assertThat(SlackText.inline("*x*")).doesNotContain("*x*");
  }

  @Test
  void theBlockKitMessageEscapesEveryRequestText() {
    NewRequest evil =
        new NewRequest(
            new Requester("<!here>", PrincipalKind.AGENT, Set.of(), List.of("<@U999>"), false),
            "postgresql://db/ehr",
            "DELETE FROM visits /* <!channel> */",
            "fp",
            Fixtures.SQL_HASH,
            Fixtures.PARAMS,
            List.of("visits"),
            List.of(),
            null,
            "schema-change",
            "<https://evil.example|approved by security>");
    ApprovalRequest r =
        ApprovalRequest.pending("apr_1", evil, Instant.EPOCH, java.time.Duration.ofMinutes(1));
    String json =
        JsonBodies.write(
            SlackMessage.of(
                r,
                ApprovalSettings.of(
                    List.of(new RuleSpec("schema-change", 1, Set.of("dba"))),
                    URI.create("https://phiguard.example/console"))));
    assertThat(json)
        .doesNotContain("<!channel>")
        .doesNotContain("<!here>")
        .doesNotContain("<@U999>")
        .doesNotContain("<https://evil")
        .contains("phiguard_approve")
        .contains("phiguard_deny")
        .contains("<https://phiguard.example/console/requests/apr_1|open in the console>");
  }
}
