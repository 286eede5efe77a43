package io.phiguard.approval.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slack's interaction endpoint: a click on Approve or Deny in the {@link SlackMessage}. The request
 * must carry a valid {@code X-Slack-Signature} (v0, 5-minute window); the Slack user id maps to an
 * approver through configuration, and an unmapped user is told "not an approver". Denials need a
 * reason, which a button cannot give: the reply points to the console.
 */
public final class SlackInteractionHandler implements HttpHandler {
  private final ApprovalService service;
  private final SlackSignature signature;
  private final Map<String, Approver> users;

  /**
   * Interactions for {@code service}, verified with {@code signature}, with {@code users} mapping
   * Slack user ids to approvers.
   */
  public SlackInteractionHandler(
      ApprovalService service, SlackSignature signature, Map<String, Approver> users) {
    this.service = service;
    this.signature = signature;
    this.users = Map.copyOf(users);
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      String body = new String(JsonBodies.read(ex.getRequestBody()), StandardCharsets.UTF_8);
      Map<String, List<String>> h = HttpReplies.headers(ex);
      String problem =
          signature.verify(
              first(h, "x-slack-request-timestamp"),
              first(h, "x-slack-signature"),
              body,
              service.clock().instant());
      if (problem != null || !ex.getRequestMethod().equalsIgnoreCase("POST")) {
        HttpReplies.error(ex, Refusal.Kind.UNAUTHENTICATED, problem == null ? "use POST" : problem);
        return;
      }
      Map<String, Object> payload =
          JsonBodies.object(payload(body).getBytes(StandardCharsets.UTF_8));
      String userId = (String) RequestCodec.object(payload, "user").get("id");
      Approver approver = userId == null ? null : users.get(userId);
      if (approver == null) {
        reply(
            ex,
            "You are not an approver in PhiGuard. Ask an administrator to map your Slack user.");
        return;
      }
      List<?> actions = (List<?>) payload.getOrDefault("actions", List.of());
      if (actions.size() != 1 || !(actions.get(0) instanceof Map<?, ?> action)) {
        throw new IllegalArgumentException("expected one block action");
      }
      String actionId = String.valueOf(action.get("action_id"));
      String requestId = String.valueOf(action.get("value"));
      if (actionId.equals(SlackMessage.DENY)) {
        reply(
            ex,
            "A denial needs a reason: deny request "
                + requestId
                + " in the console, "
                + service.settings().consoleLink(requestId));
        return;
      }
      if (!actionId.equals(SlackMessage.APPROVE)) {
        throw new IllegalArgumentException("unknown action");
      }
      Result<ApprovalRequest> result = service.vote(requestId, approver, Decision.APPROVE, null);
      if (result instanceof Result.Ok<ApprovalRequest> ok) {
        reply(
            ex,
            "Your approval of request "
                + requestId
                + " is recorded; it is now "
                + ok.value()
                    .effectiveStatus(service.clock().instant())
                    .name()
                    .toLowerCase(java.util.Locale.ROOT)
                + ".");
      } else {
        reply(ex, ((Result.Refused<ApprovalRequest>) result).refusal().message());
      }
    } catch (IllegalArgumentException | ClassCastException e) {
      HttpReplies.error(ex, Refusal.Kind.INVALID, "not a Slack block action payload");
    } catch (StoreException e) {
      HttpReplies.error(ex, Refusal.Kind.UNAVAILABLE, e.getMessage());
    }
  }

  /** The {@code payload} form field of an interaction request. */
  private static String payload(String form) {
    for (String pair : form.split("&")) {
      if (pair.startsWith("payload=")) {
        return URLDecoder.decode(pair.substring(8), StandardCharsets.UTF_8);
      }
    }
    throw new IllegalArgumentException("no payload field");
  }

  private static void reply(HttpExchange ex, String text) throws IOException {
    // an ephemeral reply: only the clicking user sees it
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("response_type", "ephemeral");
    body.put("replace_original", false);
    body.put("text", SlackText.escape(text));
    HttpReplies.json(ex, 200, body);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
