package io.phiguard.rewrite;

import java.util.Locale;

/** The first word of a statement, read past white space and ordinary comments. */
public final class SqlKeywords {
  private SqlKeywords() {}

  /**
   * The statement's first word, lower-cased; empty when it starts with an executable comment
   * ({@code /*! … *}{@code /}, which the server reads as SQL) or has no word. Never SQL text with
   * values, so it may be logged.
   */
  public static String leading(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      if (Character.isWhitespace(sql.charAt(i))) {
        i++;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (sql.startsWith("/*!", i) || sql.startsWith("/*M!", i)) {
        return "";
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    int start = i;
    while (i < n && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    return sql.substring(start, i).toLowerCase(Locale.ROOT);
  }
}
