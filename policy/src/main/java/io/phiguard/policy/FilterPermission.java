package io.phiguard.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which predicates a masked identity may use on a protected column. By default none: a masked
 * column in WHERE, JOIN, GROUP BY, ORDER BY, HAVING or a window clause would be an oracle for its
 * raw values ({@code WHERE ssn LIKE '1%'}).
 */
public enum FilterPermission {
  /** No predicate may use the column (the default). */
  NONE,
  /** {@code column = ?} with a bound parameter, e.g. a lookup by MRN; the raw column is used. */
  EQUALITY_WITH_PARAMETER;

  /** The name as written in the policy file, e.g. {@code equality-with-parameter}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Optional<FilterPermission> byYamlName(String name) {
    return Arrays.stream(values()).filter(v -> v.yamlName().equals(name)).findFirst();
  }

  static String usage() {
    return Arrays.stream(values())
        .map(FilterPermission::yamlName)
        .collect(Collectors.joining(", "));
  }
}
