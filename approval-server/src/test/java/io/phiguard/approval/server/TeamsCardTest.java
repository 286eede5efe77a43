package io.phiguard.approval.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeamsCardTest {
  @Test
  @SuppressWarnings("unchecked")
  void theCardLinksToTheConsoleAndKeepsRequestTextOutOfMarkdown() throws Exception {
    ApprovalRequest r =
        ApprovalRequest.pending(
            "apr_7", Fixtures.agentExport(), Instant.EPOCH, Duration.ofMinutes(1));
    Map<String, Object> message =
        JSONObjectUtils.parse(JsonBodies.write(TeamsCard.message(r, Fixtures.settings())));
    Map<String, Object> attachment =
        (Map<String, Object>) ((List<Object>) message.get("attachments")).get(0);
    assertThat(attachment.get("contentType")).isEqualTo("application/vnd.microsoft.card.adaptive");
    Map<String, Object> card = (Map<String, Object>) attachment.get("content");
    Map<String, Object> action = (Map<String, Object>) ((List<Object>) card.get("actions")).get(0);
    assertThat(action.get("type")).isEqualTo("Action.OpenUrl");
    assertThat(action.get("url")).isEqualTo("http://localhost:8470/console/requests/apr_7");

    List<Map<String, Object>> body = (List<Map<String, Object>>) card.get("body");
    // only the fixed title is a TextBlock (markdown); request text sits in TextRuns
    assertThat(body).filteredOn(e -> "TextBlock".equals(e.get("type"))).hasSize(1);
    assertThat(body.get(0).get("text")).isEqualTo("Approval needed");
    List<Object> runs =
        body.stream()
            .filter(e -> "RichTextBlock".equals(e.get("type")))
            .flatMap(e -> ((List<Map<String, Object>>) e.get("inlines")).stream())
            .map(run -> run.get("text"))
            .map(Object.class::cast)
            .toList();
    assertThat(runs)
        .contains("report-bot (agent, verified)", "carol", Fixtures.agentExport().normalizedSql());
  }
}
