package io.phiguard.rewrite;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Writes stored names as SQL identifiers of a dialect, quoted only where needed. */
final class Quoting {

  private static final Pattern LOWER = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final Pattern UPPER = Pattern.compile("[A-Z_][A-Z0-9_]*");
  private static final Pattern ANY_CASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> RESERVED =
      Set.of(
          "all",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "between",
          "by",
          "case",
          "cast",
          "check",
          "collate",
          "column",
          "constraint",
          "create",
          "cross",
          "current_date",
          "current_time",
          "current_timestamp",
          "current_user",
          "default",
          "delete",
          "desc",
          "distinct",
          "do",
          "else",
          "end",
          "except",
          "exists",
          "false",
          "fetch",
          "for",
          "foreign",
          "from",
          "full",
          "grant",
          "group",
          "having",
          "in",
          "index",
          "inner",
          "insert",
          "intersect",
          "interval",
          "into",
          "is",
          "join",
          "key",
          "left",
          "like",
          "limit",
          "natural",
          "not",
          "null",
          "offset",
          "on",
          "only",
          "or",
          "order",
          "outer",
          "primary",
          "references",
          "right",
          "row",
          "rows",
          "select",
          "set",
          "some",
          "table",
          "then",
          "to",
          "true",
          "union",
          "unique",
          "update",
          "user",
          "using",
          "value",
          "values",
          "when",
          "where",
          "window",
          "with");

  private Quoting() {}

  static String identifier(Dialect dialect, String name) {
    boolean plain;
    switch (dialect) {
      case POSTGRESQL:
        plain = LOWER.matcher(name).matches();
        break;
      case H2:
        plain = UPPER.matcher(name).matches();
        break;
      default:
        plain = ANY_CASE.matcher(name).matches();
    }
    if (plain && !RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
      return name;
    }
    char quote = dialect == Dialect.MYSQL || dialect == Dialect.MARIADB ? '`' : '"';
    String doubled = String.valueOf(quote) + quote;
    return quote + name.replace(String.valueOf(quote), doubled) + quote;
  }
}
