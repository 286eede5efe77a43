package io.phiguard.rewrite;

/**
 * One identifier as written in SQL: its text without quotes and whether it was quoted. Quoting
 * decides how a dialect folds the name (see {@link NameRules}).
 */
record Identifier(String text, boolean quoted) {

  /** Parses an identifier as JSqlParser hands it over, quotes included. */
  static Identifier of(String raw) {
    if (raw.length() >= 2) {
      char first = raw.charAt(0);
      char last = raw.charAt(raw.length() - 1);
      if ((first == '"' && last == '"') || (first == '`' && last == '`')) {
        String inner = raw.substring(1, raw.length() - 1);
        String doubled = String.valueOf(first) + first;
        return new Identifier(inner.replace(doubled, String.valueOf(first)), true);
      }
      if (first == '[' && last == ']') {
        return new Identifier(raw.substring(1, raw.length() - 1), true);
      }
    }
    return new Identifier(raw, false);
  }
}
