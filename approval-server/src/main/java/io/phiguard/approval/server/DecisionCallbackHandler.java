package io.phiguard.approval.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/callbacks/decision}: an automated approver's vote, signed the Standard Webhooks
 * way with the callback secret (timestamp within 5 minutes). Body: {@code {"request_id",
 * "approver", "decision", "reason"}}. The approver must be one of the configured automated
 * approvers, whose groups come from configuration, never from the message.
 */
public final class DecisionCallbackHandler implements HttpHandler {
  private final ApprovalService service;
  private final StandardWebhooks verifier;
  private final Map<String, Set<String>> approvers;
  private final boolean grantsInAnswers;

  /**
   * Votes for {@code service} from callers holding {@code secret}, for the automated approvers
   * {@code approvers} (subject to groups); the answer to the deciding vote carries the grant.
   */
  public DecisionCallbackHandler(
      ApprovalService service, String secret, Map<String, Set<String>> approvers) {
    this(service, secret, approvers, true);
  }

  /**
   * As above; {@code grantsInAnswers} false keeps grants out of the answers (a server with a client
   * token shows grants to drivers only).
   */
  public DecisionCallbackHandler(
      ApprovalService service,
      String secret,
      Map<String, Set<String>> approvers,
      boolean grantsInAnswers) {
    this.service = service;
    this.verifier = StandardWebhooks.fromSecret(secret);
    this.approvers = Map.copyOf(approvers);
    this.grantsInAnswers = grantsInAnswers;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      if (!ex.getRequestMethod().equalsIgnoreCase("POST")) {
        ex.getResponseHeaders().set("Allow", "POST");
        HttpReplies.error(ex, Refusal.Kind.INVALID, "use POST");
        return;
      }
      String body = new String(JsonBodies.read(ex.getRequestBody()), StandardCharsets.UTF_8);
      Map<String, List<String>> h = HttpReplies.headers(ex);
      String problem =
          verifier.verify(
              first(h, "webhook-id"),
              first(h, "webhook-timestamp"),
              first(h, "webhook-signature"),
              body,
              service.clock().instant());
      if (problem != null) {
        HttpReplies.error(ex, Refusal.Kind.UNAUTHENTICATED, problem);
        return;
      }
      Map<String, Object> json = JsonBodies.object(body.getBytes(StandardCharsets.UTF_8));
      String subject = Texts.required(RequestCodec.string(json, "approver"), "approver", 256);
      Set<String> groups = approvers.get(subject);
      if (groups == null) {
        HttpReplies.error(
            ex, Refusal.Kind.NOT_AN_APPROVER, subject + " is not a configured automated approver");
        return;
      }
      Result<ApprovalRequest> result =
          service.vote(
              Texts.required(RequestCodec.string(json, "request_id"), "request_id", 64),
              new Approver(subject, groups, "callback"),
              Decision.parse(RequestCodec.string(json, "decision")),
              RequestCodec.string(json, "reason"));
      if (result instanceof Result.Ok<ApprovalRequest> ok) {
        HttpReplies.json(
            ex,
            200,
            RequestViews.view(
                ok.value(), service.settings(), service.clock().instant(), grantsInAnswers));
      } else {
        HttpReplies.refusal(ex, ((Result.Refused<ApprovalRequest>) result).refusal());
      }
    } catch (IllegalArgumentException e) {
      HttpReplies.error(ex, Refusal.Kind.INVALID, e.getMessage());
    } catch (StoreException e) {
      HttpReplies.error(ex, Refusal.Kind.UNAVAILABLE, e.getMessage());
    }
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
