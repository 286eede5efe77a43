package io.phiguard.rewrite;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL's, MariaDB's, PostgreSQL's and H2's {@code SHOW}: schema metadata and settings, except the
 * few forms that print statement text (other sessions' running statements, the binary log, query
 * profiles, replication errors). Statement text carries literal values, PHI included, so those read
 * a server relation as {@code information_schema.processlist} does, and are judged as such.
 */
final class ShowStatements {
  // words between SHOW and what it shows
  private static final Set<String> MODIFIERS = Set.of("full", "global", "session", "all");
  private static final Set<String> STATEMENT_TEXT =
      Set.of(
          "processlist",
          "engine",
          "binlog",
          "relaylog",
          "profile",
          "profiles",
          "slave",
          "slaves",
          "replica",
          "replicas");
  private static final Pattern WORD = Pattern.compile("[A-Za-z_]+");

  private ShowStatements() {}

  /** Whether {@code text} is a SHOW statement. */
  static boolean isShow(String text) {
    return "show".equals(SqlKeywords.leading(text));
  }

  /**
   * The server relation a SHOW statement reads statement text from ({@code server.processlist}), or
   * empty for metadata and settings.
   */
  static Optional<String> statementTextSource(String text) {
    Matcher words = WORD.matcher(text);
    boolean afterShow = false;
    while (words.find()) {
      String word = words.group().toLowerCase(Locale.ROOT);
      if (!afterShow) {
        afterShow = word.equals("show");
        continue;
      }
      if (MODIFIERS.contains(word)) {
        continue;
      }
      return STATEMENT_TEXT.contains(word) ? Optional.of(word) : Optional.empty();
    }
    return Optional.empty();
  }
}
