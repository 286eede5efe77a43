package io.phiguard.driver.jdbc;

import java.util.regex.Pattern;

/**
 * Removes values from database error messages before they reach the caller, logs or the audit.
 * Servers echo the values that broke a constraint or a cast ({@code Key (ssn)=(123-45-6789) already
 * exists}, {@code Duplicate entry 'jane@example.org'}, {@code invalid input syntax for type date:
 * "1961-13-02"}); the kind of error, identifiers and SQLState stay, the values go.
 */
final class MessageRedactor {
  private MessageRedactor() {}

  static final String REDACTED = "?";

  // PostgreSQL's multi-line server messages: Detail and Where repeat values and SQL
  private static final Pattern PG_DETAIL =
      Pattern.compile(
          "\\n\\s*(Detail|Where|Internal Query|Routine|File|Line|Server SQLState):.*",
          Pattern.DOTALL);
  private static final Pattern SINGLE_QUOTED = Pattern.compile("'(?:[^'\\\\]|''|\\\\.)*'");
  private static final Pattern KEY_VALUES = Pattern.compile("=\\((?:[^()]|\\([^()]*\\))*\\)");
  // a double-quoted value after a colon ends a sentence: "… for type date: "1961-13-02""
  private static final Pattern VALUE_AFTER_COLON = Pattern.compile(":\\s*\"[^\"]*\"");
  // pgjdbc's "Bad value for type int : Jane" and similar conversions name the value last
  private static final Pattern CONVERSION =
      Pattern.compile(
          "(?i)((?:bad value for type|cannot convert|cannot cast|conversion)[^:\\n]*:)[^\\n]*");
  // H2 appends the whole statement ("; SQL statement:\n<sql> [23505-232]"): its literals are
  // values, and the number patterns below miss short ones (ages, flags, ids)
  private static final Pattern H2_STATEMENT =
      Pattern.compile("; SQL statement:\\R.*?(?=\\s\\[\\d+-\\d+]$|$)", Pattern.DOTALL);
  // H2 prints the offending row: VALUES ( /* 1 */ 5, 'x' )
  private static final Pattern H2_VALUES =
      Pattern.compile("VALUES\\s*\\(.*?\\)(?=\"|$|\\s*;)", Pattern.DOTALL);
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
  private static final Pattern DIGITS = Pattern.compile("\\d[\\d\\-/.:]{2,}");

  /** {@code message} without the values it may carry; null stays null. */
  static String redact(String message) {
    if (message == null) {
      return null;
    }
    String text = PG_DETAIL.matcher(message).replaceAll("");
    text = H2_STATEMENT.matcher(text).replaceAll("; SQL statement: " + REDACTED);
    text = SINGLE_QUOTED.matcher(text).replaceAll("'" + REDACTED + "'");
    text = KEY_VALUES.matcher(text).replaceAll("=(" + REDACTED + ")");
    text = VALUE_AFTER_COLON.matcher(text).replaceAll(": \"" + REDACTED + "\"");
    text = CONVERSION.matcher(text).replaceAll("$1 " + REDACTED);
    text = H2_VALUES.matcher(text).replaceAll("VALUES ( " + REDACTED + " )");
    text = EMAIL.matcher(text).replaceAll(REDACTED);
    text = DIGITS.matcher(text).replaceAll(REDACTED);
    return text;
  }
}
