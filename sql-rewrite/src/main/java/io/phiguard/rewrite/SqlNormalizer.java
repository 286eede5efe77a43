package io.phiguard.rewrite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The audit's view of a statement: its text with every literal replaced by {@code ?} and comments
 * removed, white space folded, and a SHA-256 fingerprint of that text. Works on the characters, so
 * it also normalizes statements the parser cannot read; literals are where PHI hides (a comment can
 * hold anything), so neither survives.
 */
public final class SqlNormalizer {

  /**
   * @param sql the statement with literals replaced and comments removed
   * @param fingerprint hex SHA-256 of {@code sql}: the same for every literal variant
   */
  public record Normalized(String sql, String fingerprint) {}

  private SqlNormalizer() {}

  /** Normalizes {@code sql} by the quoting rules of {@code dialect}. */
  public static Normalized normalize(String sql, Dialect dialect) {
    StringBuilder out = new StringBuilder(sql.length());
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || (c == '"' && dialect.backtickQuotes())) {
        boolean backslashes =
            dialect.backtickQuotes() || (i > 0 && (sql.charAt(i - 1) | 0x20) == 'e');
        if (i > 0 && isPrefix(sql.charAt(i - 1)) && endsWithLetterPrefix(out)) {
          // E'…', X'…', B'…', N'…': the prefix belongs to the literal
          out.setLength(out.length() - 1);
        }
        i = skipQuoted(sql, i, c, backslashes);
        append(out, "?");
      } else if (c == '"' || (c == '`' && dialect.backtickQuotes())) {
        int end = skipQuoted(sql, i, c, false);
        out.append(sql, i, end);
        i = end;
      } else if (c == '$' && dialect.dollarQuotes() && dollarTagEnd(sql, i) > 0) {
        int tagEnd = dollarTagEnd(sql, i);
        String tag = sql.substring(i, tagEnd);
        int close = sql.indexOf(tag, tagEnd);
        i = close < 0 ? n : close + tag.length();
        append(out, "?");
      } else if (sql.startsWith("--", i) || (c == '#' && dialect.backtickQuotes())) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
        append(out, " ");
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        append(out, " ");
      } else if (Character.isDigit(c) && !partOfIdentifier(out)) {
        i++;
        while (i < n
            && (Character.isLetterOrDigit(sql.charAt(i))
                || sql.charAt(i) == '.'
                || ((sql.charAt(i) == '+' || sql.charAt(i) == '-')
                    && (sql.charAt(i - 1) | 0x20) == 'e'))) {
          i++;
        }
        append(out, "?");
      } else if (Character.isWhitespace(c)) {
        append(out, " ");
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    String normalized = out.toString().strip();
    return new Normalized(normalized, sha256(normalized));
  }

  private static boolean isPrefix(char c) {
    char lower = (char) (c | 0x20);
    return lower == 'e' || lower == 'x' || lower == 'b' || lower == 'n';
  }

  private static boolean endsWithLetterPrefix(StringBuilder out) {
    int len = out.length();
    return len > 0
        && isPrefix(out.charAt(len - 1))
        && (len == 1 || !Character.isLetterOrDigit(out.charAt(len - 2)));
  }

  private static boolean partOfIdentifier(StringBuilder out) {
    if (out.length() == 0) {
      return false;
    }
    char last = out.charAt(out.length() - 1);
    return Character.isLetterOrDigit(last) || last == '_' || last == '$';
  }

  private static void append(StringBuilder out, String token) {
    if (token.equals(" ")) {
      if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
        out.append(' ');
      }
      return;
    }
    out.append(token);
  }

  private static int skipQuoted(String sql, int start, char quote, boolean backslashes) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i++);
      if (backslashes && c == '\\') {
        i++;
      } else if (c == quote) {
        if (i < sql.length() && sql.charAt(i) == quote) {
          i++;
        } else {
          return i;
        }
      }
    }
    return sql.length();
  }

  /** The end of a {@code $tag$} opener at {@code i}, or -1 (a positional {@code $1} is not one). */
  private static int dollarTagEnd(String sql, int i) {
    int j = i + 1;
    while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
      j++;
    }
    if (j >= sql.length() || sql.charAt(j) != '$') {
      return -1;
    }
    if (j > i + 1 && Character.isDigit(sql.charAt(i + 1))) {
      return -1;
    }
    return j + 1;
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }
}
