package io.phiguard.approval.server;

/**
 * HTML escaping and the console's page frame. Every value shown by the console passes {@link
 * #escape}: SQL text, names and reasons come from requesters and approvers and are attacker-chosen.
 */
final class Html {
  private Html() {}

  /** {@code text} safe inside element content and double- or single-quoted attribute values. */
  static String escape(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A whole page: {@code title} (escaped here), the signed-in approver's name and a logout form
   * (when {@code session} is not null), then {@code body}, which the caller built from escaped
   * parts.
   */
  static String page(String title, ConsoleSessions.Session session, String body) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width\">")
        .append("<title>")
        .append(escape(title))
        .append(" · PhiGuard approvals</title>")
        .append("<link rel=\"stylesheet\" href=\"/console/style.css\"></head><body>")
        .append(
            "<header><a href=\"/console/\">Pending</a> <a href=\"/console/history\">History</a>");
    if (session != null) {
      b.append(" <span class=\"who\">signed in as <b id=\"approver\">")
          .append(escape(session.approver().subject()))
          .append("</b></span>")
          .append("<form method=\"post\" action=\"/console/logout\" class=\"inline\">")
          .append(csrfField(session))
          .append("<button type=\"submit\" id=\"logout\">Sign out</button></form>");
    }
    b.append("</header><main><h1>").append(escape(title)).append("</h1>");
    b.append(body);
    b.append("</main></body></html>\n");
    return b.toString();
  }

  /** The hidden synchronizer-token field every state-changing form carries. */
  static String csrfField(ConsoleSessions.Session session) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(session.csrf()) + "\">";
  }

  static final String STYLE =
      """
      body{font-family:system-ui,sans-serif;margin:0;color:#222}
      header{background:#1f3a5f;padding:.6em 1em;color:#fff}
      header a{color:#fff;margin-right:1em}
      .who{float:right;margin-right:1em}
      form.inline{display:inline;float:right}
      main{padding:1em 2em}
      table{border-collapse:collapse}
      td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
      pre{background:#f4f4f4;padding:.6em;white-space:pre-wrap;word-break:break-all}
      .error{background:#fde2e2;border:1px solid #d33;padding:.6em}
      .notice{background:#e2f4e2;border:1px solid #393;padding:.6em}
      .actions form{margin:.6em 0}
      textarea{width:30em;height:3em}
      """;
}
