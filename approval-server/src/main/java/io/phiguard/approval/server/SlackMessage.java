package io.phiguard.approval.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Block Kit message announcing a request: who wants to run what on which data and why, the
 * normalized SQL in a code block, Approve and Deny buttons, and a link to the console. Every text
 * from the request is escaped ({@link SlackText}).
 */
public final class SlackMessage {
  /** The action id of the Approve button. */
  public static final String APPROVE = "phiguard_approve";

  /** The action id of the Deny button. */
  public static final String DENY = "phiguard_deny";

  private SlackMessage() {}

  /** The message for {@code r}. */
  public static Map<String, Object> of(ApprovalRequest r, ApprovalSettings settings) {
    NewRequest s = r.submitted();
    StringBuilder who = new StringBuilder();
    who.append("*Approval needed* (rule ")
        .append(SlackText.inline(r.rule()))
        .append(")\n*Requester:* ")
        .append(SlackText.inline(s.requester().subject()))
        .append(" (")
        .append(s.requester().kind().wireName())
        .append(s.requester().verified() ? ", verified" : ", NOT verified")
        .append(")");
    if (!s.requester().onBehalfOf().isEmpty()) {
      who.append("\n*On behalf of:* ")
          .append(SlackText.inline(String.join(" → ", s.requester().onBehalfOf())));
    }
    who.append("\n*Datasource:* ").append(SlackText.inline(s.datasource()));
    if (!s.tables().isEmpty()) {
      who.append("\n*Tables:* ").append(SlackText.inline(String.join(", ", s.tables())));
    }
    if (s.estimatedRows() != null) {
      who.append("\n*Estimated rows:* ").append(s.estimatedRows());
    }
    who.append("\n*Why:* ")
        .append(s.justification() == null ? "_none given_" : SlackText.inline(s.justification()));
    String console = settings.consoleLink(r.id()).toString();
    Map<String, Object> message = new LinkedHashMap<>();
    message.put(
        "text",
        "Approval needed: "
            + SlackText.escape(r.rule())
            + " by "
            + SlackText.escape(s.requester().subject()));
    message.put(
        "blocks",
        List.of(
            section(who.toString()),
            section(SlackText.codeBlock(s.normalizedSql())),
            Map.of(
                "type",
                "actions",
                "block_id",
                "phiguard_" + r.id(),
                "elements",
                List.of(
                    button("Approve", APPROVE, r.id(), "primary"),
                    button("Deny", DENY, r.id(), "danger"))),
            Map.of(
                "type",
                "context",
                "elements",
                List.of(
                    Map.of(
                        "type",
                        "mrkdwn",
                        "text",
                        "Request " + r.id() + " · <" + console + "|open in the console>")))));
    return message;
  }

  private static Map<String, Object> section(String mrkdwn) {
    return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", mrkdwn));
  }

  private static Map<String, Object> button(String label, String action, String id, String style) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("type", "button");
    b.put("text", Map.of("type", "plain_text", "text", label));
    b.put("action_id", action);
    b.put("value", id);
    b.put("style", style);
    return b;
  }
}
