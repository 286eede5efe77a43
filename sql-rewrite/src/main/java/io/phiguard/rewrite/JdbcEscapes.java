package io.phiguard.rewrite;

import java.util.Locale;
import java.util.Map;

/**
 * Expands JDBC escape syntax ({@code {fn …}}, {@code {d …}}, {@code {t …}}, {@code {ts …}}, {@code
 * {oj …}}, {@code {call …}}, {@code {? = call …}}, {@code {escape …}}, {@code {limit …}}) into
 * plain SQL of a dialect, so that the analysis sees what the database will run.
 *
 * <p>Quoted strings, quoted identifiers, comments and PostgreSQL dollar quotes are copied
 * untouched: a brace inside them is not an escape. Routine calls become {@code CALL p(…)} and
 * {@code SELECT f(…)}: the routine and its arguments are what the analysis needs, whatever form the
 * delegate driver sends them in.
 */
public final class JdbcEscapes {

  private static final Map<String, String> POSTGRES_FUNCTIONS =
      Map.of(
          "ucase", "upper",
          "lcase", "lower",
          "ifnull", "coalesce",
          "database", "current_database",
          "curdate", "current_date",
          "curtime", "current_time");

  private static final Map<String, String> COMMON_FUNCTIONS =
      Map.of("ucase", "upper", "lcase", "lower");

  private final String sql;
  private final Dialect dialect;
  private final StringBuilder out;
  private int pos;

  private JdbcEscapes(String sql, Dialect dialect) {
    this.sql = sql;
    this.dialect = dialect;
    this.out = new StringBuilder(sql.length());
  }

  /**
   * Returns {@code sql} with every JDBC escape expanded for {@code dialect}; the same instance when
   * it contains no brace at all.
   *
   * @throws MalformedEscapeException for an unterminated or empty escape
   */
  public static String expand(String sql, Dialect dialect) throws MalformedEscapeException {
    if (sql.indexOf('{') < 0) {
      return sql;
    }
    JdbcEscapes expander = new JdbcEscapes(sql, dialect);
    expander.copyUntil(false);
    return expander.out.toString();
  }

  /** Copies text to {@link #out}, expanding escapes, until the end or a closing brace. */
  private void copyUntil(boolean insideEscape) throws MalformedEscapeException {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == '}' && insideEscape) {
        return;
      }
      if (c == '{') {
        escape();
      } else if (c == '\'') {
        boolean backslashes =
            dialect.backtickQuotes() || (pos > 0 && (sql.charAt(pos - 1) | 0x20) == 'e');
        quoted('\'', backslashes);
      } else if (c == '"') {
        quoted('"', dialect.backtickQuotes());
      } else if (c == '`' && dialect.backtickQuotes()) {
        quoted('`', false);
      } else if (c == '-' && next(1) == '-') {
        lineComment();
      } else if (c == '#' && dialect.backtickQuotes()) {
        lineComment();
      } else if (c == '/' && next(1) == '*') {
        blockComment();
      } else if (c == '$' && dialect.dollarQuotes() && dollarQuoted()) {
        continue;
      } else {
        out.append(c);
        pos++;
      }
    }
    if (insideEscape) {
      throw new MalformedEscapeException("unterminated JDBC escape", pos);
    }
  }

  private char next(int ahead) {
    int at = pos + ahead;
    return at < sql.length() ? sql.charAt(at) : '\0';
  }

  private void quoted(char quote, boolean backslashEscapes) {
    int start = pos++;
    while (pos < sql.length()) {
      char c = sql.charAt(pos++);
      if (backslashEscapes && c == '\\') {
        pos++;
      } else if (c == quote) {
        if (pos < sql.length() && sql.charAt(pos) == quote) {
          pos++;
        } else {
          break;
        }
      }
    }
    out.append(sql, start, Math.min(pos, sql.length()));
  }

  private void lineComment() {
    int end = sql.indexOf('\n', pos);
    end = end < 0 ? sql.length() : end;
    out.append(sql, pos, end);
    pos = end;
  }

  private void blockComment() {
    int start = pos;
    int depth = 0;
    while (pos < sql.length()) {
      if (sql.startsWith("/*", pos)) {
        depth++;
        pos += 2;
      } else if (sql.startsWith("*/", pos)) {
        pos += 2;
        // only PostgreSQL nests block comments
        if (--depth == 0 || dialect != Dialect.POSTGRESQL) {
          break;
        }
      } else {
        pos++;
      }
    }
    out.append(sql, start, Math.min(pos, sql.length()));
  }

  /** Copies a {@code $tag$ … $tag$} string; false (nothing consumed) when {@code $} opens none. */
  private boolean dollarQuoted() {
    int tagEnd = pos + 1;
    while (tagEnd < sql.length()
        && (Character.isLetterOrDigit(sql.charAt(tagEnd)) || sql.charAt(tagEnd) == '_')) {
      tagEnd++;
    }
    if (tagEnd >= sql.length()
        || sql.charAt(tagEnd) != '$'
        || (tagEnd > pos + 1 && Character.isDigit(sql.charAt(pos + 1)))) {
      return false;
    }
    String tag = sql.substring(pos, tagEnd + 1);
    int close = sql.indexOf(tag, tagEnd + 1);
    int end = close < 0 ? sql.length() : close + tag.length();
    out.append(sql, pos, end);
    pos = end;
    return true;
  }

  private void escape() throws MalformedEscapeException {
    int open = pos++;
    skipSpace();
    int wordStart = pos;
    if (pos < sql.length() && sql.charAt(pos) == '?') {
      pos++;
      skipSpace();
      if (pos >= sql.length() || sql.charAt(pos) != '=') {
        throw new MalformedEscapeException("expected '=' in {? = call …}", pos);
      }
      pos++;
      skipSpace();
      wordStart = pos;
      String call = word();
      if (!call.equals("call")) {
        throw new MalformedEscapeException("expected 'call' in {? = call …}", wordStart);
      }
      out.append("SELECT ");
      routineBody();
      return;
    }
    String keyword = word();
    switch (keyword) {
      case "fn" -> function();
      case "d" -> literal("DATE ");
      case "t" -> literal("TIME ");
      case "ts" -> literal("TIMESTAMP ");
      case "oj", "limit", "escape" -> {
        if (!keyword.equals("oj")) {
          out.append(keyword.toUpperCase(Locale.ROOT)).append(' ');
        }
        body();
      }
      case "call" -> {
        out.append("CALL ");
        routineBody();
      }
      default -> {
        // not an escape (e.g. a JSON text outside quotes): copy the brace and go on
        pos = open + 1;
        out.append('{');
      }
    }
  }

  private void skipSpace() {
    while (pos < sql.length() && Character.isWhitespace(sql.charAt(pos))) {
      pos++;
    }
  }

  private String word() {
    int start = pos;
    while (pos < sql.length() && Character.isLetter(sql.charAt(pos))) {
      pos++;
    }
    return sql.substring(start, pos).toLowerCase(Locale.ROOT);
  }

  /** Expands the rest of an escape up to its closing brace, which it consumes. */
  private void body() throws MalformedEscapeException {
    skipSpace();
    int bodyStart = out.length();
    copyUntil(true);
    pos++; // the closing brace
    trimTrailingSpace(bodyStart);
  }

  private void trimTrailingSpace(int from) {
    int end = out.length();
    while (end > from && Character.isWhitespace(out.charAt(end - 1))) {
      end--;
    }
    out.setLength(end);
  }

  private void literal(String keyword) throws MalformedEscapeException {
    out.append(keyword);
    int start = out.length();
    body();
    if (out.length() == start) {
      throw new MalformedEscapeException("empty date/time escape", pos);
    }
  }

  private void routineBody() throws MalformedEscapeException {
    int start = out.length();
    body();
    if (out.length() == start) {
      throw new MalformedEscapeException("call escape names no routine", pos);
    }
    if (out.indexOf("(", start) < 0) {
      out.append("()");
    }
  }

  private void function() throws MalformedEscapeException {
    skipSpace();
    int nameStart = pos;
    while (pos < sql.length()
        && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
      pos++;
    }
    if (nameStart == pos) {
      throw new MalformedEscapeException("{fn …} names no function", pos);
    }
    String name = sql.substring(nameStart, pos);
    Map<String, String> names =
        dialect == Dialect.POSTGRESQL ? POSTGRES_FUNCTIONS : COMMON_FUNCTIONS;
    String mapped = names.get(name.toLowerCase(Locale.ROOT));
    out.append(mapped != null ? mapped : name);
    int argsStart = out.length();
    copyUntil(true);
    pos++;
    trimTrailingSpace(argsStart);
  }
}
