package io.phiguard.approval.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request as the server reports it.
 *
 * @param id the request id ({@code apr_…})
 * @param status {@code pending}, {@code paused}, {@code approved}, {@code denied}, {@code expired}
 *     or {@code redeemed}
 * @param version increases with every change; the long-poll waits for a newer one
 * @param rule the rule it was asked under
 * @param denyReason the approver's reason when denied, else null
 * @param grant the signed grant when approved, else null
 * @param approvers the subjects who approved
 * @param consoleUrl where approvers decide, or null
 * @param pausedBy the approver holding the request for more information, when paused, else null
 * @param pauseReason what that approver asks, when paused, else null
 */
public record RequestState(
    String id,
    String status,
    long version,
    String rule,
    String denyReason,
    String grant,
    List<String> approvers,
    String consoleUrl,
    String pausedBy,
    String pauseReason) {

  /** Copies. */
  public RequestState {
    approvers = List.copyOf(approvers);
  }

  /** Whether an approver holds it for more information. */
  public boolean paused() {
    return "paused".equals(status);
  }

  /** Whether no decision is final yet (pending or paused). */
  public boolean open() {
    return "pending".equals(status) || "paused".equals(status);
  }

  static RequestState of(Map<String, Object> json) {
    List<String> approvers = new ArrayList<>();
    if (json.get("votes") instanceof List<?> votes) {
      for (Object o : votes) {
        if (o instanceof Map<?, ?> vote
            && "approve".equals(vote.get("decision"))
            && vote.get("subject") instanceof String s) {
          approvers.add(s);
        }
      }
    }
    Object version = json.get("version");
    return new RequestState(
        text(json, "id"),
        text(json, "status"),
        version instanceof Number n ? n.longValue() : -1,
        text(json, "rule"),
        text(json, "deny_reason"),
        text(json, "grant"),
        approvers,
        text(json, "console_url"),
        text(json, "paused_by"),
        text(json, "pause_reason"));
  }

  private static String text(Map<String, Object> json, String field) {
    return json.get(field) instanceof String s ? s : null;
  }

  /** Names id, status and rule; never the grant. */
  @Override
  public String toString() {
    return "RequestState[" + id + ", " + status + ", rule " + rule + ", v" + version + "]";
  }
}
