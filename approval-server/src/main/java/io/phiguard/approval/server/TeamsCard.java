package io.phiguard.approval.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Microsoft Teams message for a request: an Adaptive Card (1.4) summarising it with a button
 * that opens the console, where the approver signs in and decides. Text from the request goes into
 * {@code TextRun}s of a {@code RichTextBlock}, which Teams never reads as markdown, so a statement
 * cannot add links or formatting.
 */
public final class TeamsCard {
  private TeamsCard() {}

  /** The message (an attachment wrapper around the card) for {@code r}. */
  public static Map<String, Object> message(ApprovalRequest r, ApprovalSettings settings) {
    NewRequest s = r.submitted();
    List<Object> body = new ArrayList<>();
    body.add(
        Map.of(
            "type", "TextBlock", "text", "Approval needed", "weight", "Bolder", "size", "Medium"));
    body.add(fact("Rule", r.rule()));
    body.add(
        fact(
            "Requester",
            s.requester().subject()
                + " ("
                + s.requester().kind().wireName()
                + (s.requester().verified() ? ", verified)" : ", NOT verified)")));
    if (!s.requester().onBehalfOf().isEmpty()) {
      body.add(fact("On behalf of", String.join(" → ", s.requester().onBehalfOf())));
    }
    body.add(fact("Datasource", s.datasource()));
    body.add(fact("Why", s.justification() == null ? "none given" : s.justification()));
    body.add(
        Map.of(
            "type",
            "RichTextBlock",
            "inlines",
            List.of(
                Map.of("type", "TextRun", "text", s.normalizedSql(), "fontType", "Monospace"))));
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.put("body", body);
    card.put(
        "actions",
        List.of(
            Map.of(
                "type",
                "Action.OpenUrl",
                "title",
                "Review in PhiGuard",
                "url",
                settings.consoleLink(r.id()).toString())));
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.put("content", card);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "message");
    message.put("attachments", List.of(attachment));
    return message;
  }

  private static Map<String, Object> fact(String label, String value) {
    return Map.of(
        "type",
        "RichTextBlock",
        "inlines",
        List.of(
            Map.of("type", "TextRun", "text", label + ": ", "weight", "Bolder"),
            Map.of("type", "TextRun", "text", value)));
  }
}
