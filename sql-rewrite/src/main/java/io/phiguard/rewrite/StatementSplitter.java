package io.phiguard.rewrite;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a string of SQL into statements at top-level semicolons, reading quotes, comments and
 * dollar quotes the way the dialect's server does, and notes text the server would read differently
 * from the parser: MySQL/MariaDB executable comments {@code /*! … *}{@code /} and {@code /*M! …
 * *}{@code /}.
 */
final class StatementSplitter {

  /** One statement's text and the differentials found in it. */
  record Piece(String text, List<String> differentials) {}

  private final String sql;
  private final Dialect dialect;
  private final boolean mysql;
  private int pos;

  private StatementSplitter(String sql, Dialect dialect) {
    this.sql = sql;
    this.dialect = dialect;
    this.mysql = dialect == Dialect.MYSQL || dialect == Dialect.MARIADB;
  }

  /** The statements of {@code sql}; pieces holding only blanks and comments are dropped. */
  static List<Piece> split(String sql, Dialect dialect) {
    return new StatementSplitter(sql, dialect).split();
  }

  private static final java.util.regex.Pattern COMPOUND =
      java.util.regex.Pattern.compile(
          "(?i)\\bBEGIN\\s+NOT\\s+ATOMIC\\b|\\bEXECUTE\\s+IMMEDIATE\\b");

  private List<Piece> split() {
    if (mysql && COMPOUND.matcher(sql).find()) {
      // the server runs BEGIN NOT ATOMIC … END as one statement and EXECUTE IMMEDIATE runs a
      // string: a split at ';' or a parse of the outer text would judge something else
      return List.of(new Piece(sql.strip(), List.of("mysql-compound-or-dynamic-statement")));
    }
    List<Piece> pieces = new ArrayList<>();
    int start = 0;
    boolean substance = false;
    List<String> differentials = new ArrayList<>();
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == ';') {
        addPiece(pieces, start, pos, substance, differentials);
        differentials = new ArrayList<>();
        substance = false;
        start = ++pos;
      } else if (c == '\'' || c == '"' || (c == '`' && mysql)) {
        if (c == '\'' && escapeStringPrefix() && sql.indexOf('\\', pos) >= 0) {
          // E'…\'…': the server reads backslash escapes, the parser standard quoting
          differentials.add("postgres-escape-string");
        }
        skipQuoted(c);
        substance = true;
      } else if (c == '-' && next(1) == '-' && mysql && !lineCommentStarts()) {
        // "--1": no comment for MySQL (it needs a blank), a comment for the parser
        differentials.add("mysql-double-dash");
        pos++;
        substance = true;
      } else if (c == '-' && lineCommentStarts()) {
        skipLine();
      } else if (c == '#' && mysql) {
        skipLine();
      } else if (c == '/' && next(1) == '*') {
        if (mysql && (next(2) == '!' || (next(2) == 'M' && next(3) == '!'))) {
          differentials.add("mysql-executable-comment");
          substance = true;
        }
        if (skipBlockComment()) {
          // servers disagree on nesting (PostgreSQL and H2 nest, MySQL does not), so does the
          // parser
          differentials.add("nested-block-comment");
        }
      } else if (c == '$' && dialect.dollarQuotes() && dollarTagAt(pos) != null) {
        skipDollarQuoted(dollarTagAt(pos));
        substance = true;
      } else {
        if (!Character.isWhitespace(c)) {
          substance = true;
        }
        pos++;
      }
    }
    addPiece(pieces, start, sql.length(), substance, differentials);
    return pieces;
  }

  private void addPiece(
      List<Piece> pieces, int from, int to, boolean substance, List<String> differentials) {
    if (substance) {
      pieces.add(new Piece(sql.substring(from, to).strip(), List.copyOf(differentials)));
    }
  }

  private char next(int offset) {
    int at = pos + offset;
    return at < sql.length() ? sql.charAt(at) : '\0';
  }

  private boolean lineCommentStarts() {
    if (next(1) != '-') {
      return false;
    }
    // MySQL needs a blank after "--"; "1--1" is arithmetic there
    return !mysql || next(2) == '\0' || Character.isWhitespace(next(2));
  }

  private void skipLine() {
    while (pos < sql.length() && sql.charAt(pos) != '\n') {
      pos++;
    }
  }

  private void skipQuoted(char quote) {
    boolean backslashes = mysql && quote != '`';
    pos++;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (backslashes && c == '\\') {
        pos += 2;
        continue;
      }
      if (c == quote) {
        if (next(1) == quote) {
          pos += 2;
          continue;
        }
        pos++;
        return;
      }
      pos++;
    }
  }

  /** Skips a block comment; true when another one opens inside it. */
  private boolean skipBlockComment() {
    // PostgreSQL and H2 nest block comments; MySQL does not
    boolean nests = dialect == Dialect.POSTGRESQL || dialect == Dialect.H2;
    boolean nested = false;
    int depth = 0;
    while (pos < sql.length()) {
      if (sql.charAt(pos) == '/' && next(1) == '*') {
        nested |= depth > 0;
        depth = nests || depth == 0 ? depth + 1 : depth;
        pos += 2;
      } else if (sql.charAt(pos) == '*' && next(1) == '/') {
        depth--;
        pos += 2;
        if (depth == 0) {
          return nested;
        }
      } else {
        pos++;
      }
    }
    return nested;
  }

  /** Whether the quote at {@code pos} opens a PostgreSQL {@code E'…'} string. */
  private boolean escapeStringPrefix() {
    if (dialect != Dialect.POSTGRESQL || pos == 0 || (sql.charAt(pos - 1) | 0x20) != 'e') {
      return false;
    }
    return pos == 1
        || !Character.isLetterOrDigit(sql.charAt(pos - 2)) && sql.charAt(pos - 2) != '_';
  }

  private String dollarTagAt(int at) {
    int end = at + 1;
    while (end < sql.length()
        && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
      end++;
    }
    if (end < sql.length() && sql.charAt(end) == '$') {
      if (end > at + 1 && Character.isDigit(sql.charAt(at + 1))) {
        return null; // $1 is a parameter, not a tag
      }
      return sql.substring(at, end + 1);
    }
    return null;
  }

  private void skipDollarQuoted(String tag) {
    int close = sql.indexOf(tag, pos + tag.length());
    pos = close < 0 ? sql.length() : close + tag.length();
  }
}
