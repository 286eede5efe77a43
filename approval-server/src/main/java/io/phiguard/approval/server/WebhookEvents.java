package io.phiguard.approval.server;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The body of a notification: what a reviewer needs to decide, and nothing that could carry PHI.
 * The SQL is the driver's normalized text (literals removed); the grant is never included.
 */
final class WebhookEvents {
  private WebhookEvents() {}

  static Map<String, Object> event(
      String type, ApprovalRequest r, ApprovalSettings settings, Instant now) {
    NewRequest s = r.submitted();
    Map<String, Object> requester = new LinkedHashMap<>();
    requester.put("subject", s.requester().subject());
    requester.put("type", s.requester().kind().wireName());
    requester.put("on_behalf_of", s.requester().onBehalfOf());
    requester.put("verified", s.requester().verified());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", r.id());
    data.put("status", r.effectiveStatus(now).name().toLowerCase(Locale.ROOT));
    data.put("rule", r.rule());
    data.put("requester", requester);
    data.put("datasource", s.datasource());
    data.put("normalized_sql", s.normalizedSql());
    data.put("fingerprint", s.fingerprint());
    data.put("tables", s.tables());
    data.put("columns", s.columns());
    data.put("estimated_rows", s.estimatedRows());
    data.put("justification", s.justification());
    data.put("expires_at", r.expiresAt().toString());
    data.put("approvals", r.approvals());
    data.put("pause_reason", r.pauseReason());
    data.put("deny_reason", r.denyReason());
    data.put("console_url", settings.consoleLink(r.id()).toString());
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", type);
    event.put("timestamp", now.toString());
    event.put("data", data);
    return event;
  }
}
