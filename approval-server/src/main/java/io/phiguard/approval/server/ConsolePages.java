package io.phiguard.approval.server;

import java.time.Instant;
import java.util.Locale;

/** The console's request detail page: who, what, why, status, votes and the approver's actions. */
final class ConsolePages {
  private ConsolePages() {}

  static String detail(
      ApprovalRequest r, ApprovalSettings settings, Instant now, ConsoleSessions.Session session) {
    NewRequest s = r.submitted();
    Requester who = s.requester();
    RequestStatus status = r.effectiveStatus(now);
    RuleSpec rule = settings.rules().get(r.rule());
    StringBuilder b = new StringBuilder(4096);
    b.append("<h2>Who</h2><table>");
    row(b, "requester", who.subject());
    row(b, "kind", who.kind().wireName());
    row(
        b,
        "on behalf of",
        who.onBehalfOf().isEmpty() ? "nobody" : String.join(" → ", who.onBehalfOf()));
    row(b, "identity verified", who.verified() ? "yes" : "no (asserted by the application)");
    row(b, "groups", String.join(", ", who.groups()));
    b.append("</table><h2>What</h2><table>");
    row(b, "datasource", s.datasource());
    b.append("<tr><th>statement</th><td><pre id=\"sql\">")
        .append(Html.escape(s.normalizedSql()))
        .append("</pre></td></tr>");
    row(b, "fingerprint", s.fingerprint());
    row(b, "tables", String.join(", ", s.tables()));
    row(b, "columns", String.join(", ", s.columns()));
    row(b, "estimated rows", s.estimatedRows() == null ? "no estimate" : s.estimatedRows());
    row(
        b,
        "rule",
        r.rule()
            + (rule == null
                ? " (unknown to this server)"
                : " — quorum "
                    + rule.quorum()
                    + ", approvers "
                    + String.join(", ", rule.approverGroups())));
    b.append("</table><h2>Why</h2><p id=\"justification\">")
        .append(
            s.justification() == null
                ? "<i>no justification given</i>"
                : Html.escape(s.justification()))
        .append("</p><h2>Status</h2><table>");
    b.append("<tr><th>status</th><td id=\"status\">")
        .append(Html.escape(status.name().toLowerCase(Locale.ROOT)))
        .append("</td></tr>");
    row(b, "approvals", r.approvals() + (rule == null ? "" : " of " + rule.quorum()));
    row(b, "created", r.createdAt());
    if (status == RequestStatus.PENDING) {
      row(b, "expires", r.expiresAt());
    }
    if (status == RequestStatus.PAUSED) {
      row(b, "paused by", r.pausedBy());
      b.append("<tr><th>pause reason</th><td id=\"pause-reason\">")
          .append(Html.escape(r.pauseReason()))
          .append("</td></tr>");
    }
    if (r.denyReason() != null) {
      row(b, "deny reason", r.denyReason());
    }
    if (r.grantExpiresAt() != null) {
      row(b, "grant expires", r.grantExpiresAt());
    }
    if (r.redeemedAt() != null) {
      row(b, "redeemed", r.redeemedAt());
    }
    b.append("</table><h2>Votes</h2>");
    if (r.votes().isEmpty()) {
      b.append("<p>No votes yet.</p>");
    } else {
      b.append("<table id=\"votes\"><tr><th>approver</th><th>decision</th><th>reason</th>")
          .append("<th>at</th><th>via</th></tr>");
      for (Vote v : r.votes()) {
        b.append("<tr><td>")
            .append(Html.escape(v.subject()))
            .append("</td><td>")
            .append(Html.escape(v.decision().wireName()))
            .append("</td><td>")
            .append(Html.escape(v.reason()))
            .append("</td><td>")
            .append(Html.escape(v.at()))
            .append("</td><td>")
            .append(Html.escape(v.channel()))
            .append("</td></tr>");
      }
      b.append("</table>");
    }
    b.append("<div class=\"actions\">");
    String action = "/console/requests/" + Html.escape(r.id()) + "/";
    if (status == RequestStatus.PENDING) {
      form(b, session, action + "approve", "approve", "Approve", "reason (optional)", false);
      form(b, session, action + "deny", "deny", "Deny", "reason (required)", true);
      form(
          b,
          session,
          action + "pause",
          "pause",
          "Pause",
          "what do you need to know? (required)",
          true);
    } else if (status == RequestStatus.PAUSED) {
      form(b, session, action + "resume", "resume", "Resume", null, false);
    }
    b.append("</div>");
    return b.toString();
  }

  private static void form(
      StringBuilder b,
      ConsoleSessions.Session session,
      String action,
      String id,
      String label,
      String reasonLabel,
      boolean reasonRequired) {
    b.append("<form method=\"post\" action=\"").append(action).append("\">");
    b.append(Html.csrfField(session));
    if (reasonLabel != null) {
      b.append("<label>")
          .append(Html.escape(reasonLabel))
          .append("<br><textarea name=\"reason\" id=\"")
          .append(id)
          .append("-reason\" maxlength=\"")
          .append(Texts.MAX_REASON)
          .append("\"")
          .append(reasonRequired ? " required" : "")
          .append("></textarea></label><br>");
    }
    b.append("<button type=\"submit\" id=\"")
        .append(id)
        .append("\">")
        .append(Html.escape(label))
        .append("</button></form>");
  }

  private static void row(StringBuilder b, String name, Object value) {
    b.append("<tr><th>")
        .append(Html.escape(name))
        .append("</th><td>")
        .append(Html.escape(value))
        .append("</td></tr>");
  }
}
