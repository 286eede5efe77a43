package io.phiguard.approval.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON a client sees of a request, with its status as of now. */
final class RequestViews {
  private RequestViews() {}

  static Map<String, Object> view(ApprovalRequest r, ApprovalSettings settings, Instant now) {
    return view(r, settings, now, true);
  }

  /**
   * The view, with the grant (while approved) only when {@code withGrant}: only a caller holding
   * the client token may see it, when the server has one.
   */
  static Map<String, Object> view(
      ApprovalRequest r, ApprovalSettings settings, Instant now, boolean withGrant) {
    RequestStatus status = r.effectiveStatus(now);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", r.id());
    json.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
    json.put("version", r.version());
    json.put("rule", r.rule());
    RuleSpec rule = settings.rules().get(r.rule());
    json.put("quorum", rule == null ? null : rule.quorum());
    json.put("approvals", r.approvals());
    json.putAll(RequestCodec.submissionJson(r.submitted()));
    json.put("created_at", r.createdAt().toString());
    json.put("expires_at", status == RequestStatus.PAUSED ? null : r.expiresAt().toString());
    List<Object> votes = new ArrayList<>();
    for (Vote v : r.votes()) {
      Map<String, Object> vote = new LinkedHashMap<>();
      vote.put("subject", v.subject());
      vote.put("decision", v.decision().wireName());
      vote.put("reason", v.reason());
      vote.put("at", v.at().toString());
      votes.add(vote);
    }
    json.put("votes", votes);
    json.put("pause_reason", r.pauseReason());
    json.put("paused_by", r.pausedBy());
    json.put("deny_reason", r.denyReason());
    if (status == RequestStatus.APPROVED && withGrant) {
      // the grant is bound to the requester's exact statement and single use
      json.put("grant", r.grant());
    }
    json.put("grant_expires_at", r.grantExpiresAt() == null ? null : r.grantExpiresAt().toString());
    json.put("console_url", settings.consoleLink(r.id()).toString());
    return json;
  }
}
