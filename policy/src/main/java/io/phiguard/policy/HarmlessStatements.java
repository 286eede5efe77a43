package io.phiguard.policy;

import java.util.Set;

/**
 * The short allow-list of statements that may run although the parser cannot read them: they read
 * and write no table data. Anything else that cannot be parsed is denied to an identity that sees
 * masked values; "no protected name among its tokens" is bypassable and is not the rule. MariaDB's
 * {@code ANALYZE SELECT …} runs a query and reports row counts (an oracle): text that can carry a
 * query never counts as harmless, whatever its first word.
 */
final class HarmlessStatements {
  private static final Set<String> KEYWORDS =
      Set.of(
          "begin",
          "start",
          "commit",
          "end",
          "rollback",
          "savepoint",
          "release",
          "show",
          "vacuum",
          "analyze",
          "checkpoint",
          "discard",
          "reset",
          "listen",
          "unlisten");

  private HarmlessStatements() {}

  /** Whether a statement starting with {@code keyword} (lower case) is on the allow-list. */
  static boolean isHarmless(String keyword) {
    return KEYWORDS.contains(keyword);
  }
}
