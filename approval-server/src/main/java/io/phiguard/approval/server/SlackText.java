package io.phiguard.approval.server;

/**
 * Escaping for Slack {@code mrkdwn}. Slack reads {@code <…>} as links and mentions ({@code
 * <!channel>}, {@code <http://x|y>}, {@code <@U123>}); turning {@code &}, {@code <} and {@code >}
 * into entities makes them inert text, so a statement cannot forge its own review message.
 */
public final class SlackText {
  private SlackText() {}

  /** {@code text} with {@code &}, {@code <}, {@code >} as HTML entities. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code text} escaped for a code block: backticks become U+02CB (a look-alike that cannot close
   * the block), then it is fenced with triple backticks.
   */
  public static String codeBlock(String text) {
    return "```" + escape(text.replace('`', '\u02CB')) + "```";
  }

  /**
   * {@code text} escaped for inline use: also neutralises the formatting characters {@code *},
   * {@code _}, {@code ~} and backticks by a zero-width space after them, so names cannot restyle
   * the message.
   */
  public static String inline(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : escape(text).toCharArray()) {
      out.append(c == '`' ? '\u02CB' : c);
      if (c == '*' || c == '_' || c == '~') {
        out.append('\u200B');
      }
    }
    return out.toString();
  }
}
