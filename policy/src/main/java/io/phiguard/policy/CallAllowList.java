package io.phiguard.policy;

import java.util.List;

/**
 * Server-side functions and routines that identities seeing masked values may call. Anything else
 * that could read protected tables server-side ({@code query_to_xml}, {@code dblink}, H2 {@code
 * CSVWRITE}, user routines) is denied to them.
 *
 * @param functions functions callable in expressions
 * @param routines procedures callable with {@code CALL} / {@code {call}}
 */
public record CallAllowList(List<QualifiedName> functions, List<QualifiedName> routines) {

  private static final CallAllowList EMPTY = new CallAllowList(List.of(), List.of());

  public CallAllowList {
    functions = List.copyOf(functions);
    routines = List.copyOf(routines);
  }

  /** Nothing allowed. */
  public static CallAllowList empty() {
    return EMPTY;
  }

  /** Whether masked identities may call the function {@code schema.name} (schema may be null). */
  public boolean allowsFunction(String schema, String name) {
    return functions.stream().anyMatch(f -> f.matches(schema, name));
  }

  /** Whether masked identities may call the routine {@code schema.name} (schema may be null). */
  public boolean allowsRoutine(String schema, String name) {
    return routines.stream().anyMatch(r -> r.matches(schema, name));
  }
}
