package io.phiguard.it.leaks;

import java.util.List;

/**
 * One adversarial statement of the leak suite and the outcome recorded for it. The canary scan
 * applies whatever the outcome; the outcome is asserted too, so a change of behaviour (masked
 * becoming denied, or the reverse) is visible.
 *
 * @param oracle for an oracle pair: the literal that is true for patient 1, substituted for {@code
 *     {v}} in {@code sql}; the same statement is also run with {@link #DECOY}, and both runs must
 *     look the same to the caller
 */
record LeakCase(
    String id,
    String sql,
    Expect expect,
    Run run,
    List<Object> params,
    String[] keyNames,
    int[] keyIndexes,
    String oracle) {

  /** The literal an oracle pair compares with the true one. */
  static final String DECOY = "555-00-0000";

  /** What the caller gets. */
  enum Expect {
    /** Runs, with masked values only. */
    MASKED,
    /** Refused by PhiGuard (42501, 42601 or 28000). */
    DENIED,
    /** Refused by the database itself (e.g. a column the masking view does not project). */
    ERROR
  }

  /** How the statement is sent. */
  enum Run {
    QUERY,
    PREPARED,
    BATCH,
    PREPARED_BATCH,
    KEYS_FLAG,
    KEYS_NAMES,
    KEYS_INDEXES,
    PREPARED_KEYS,
    CALL_OUT
  }

  static LeakCase masked(String id, String sql) {
    return new LeakCase(id, sql, Expect.MASKED, Run.QUERY, List.of(), null, null, null);
  }

  static LeakCase denied(String id, String sql) {
    return new LeakCase(id, sql, Expect.DENIED, Run.QUERY, List.of(), null, null, null);
  }

  static LeakCase error(String id, String sql) {
    return new LeakCase(id, sql, Expect.ERROR, Run.QUERY, List.of(), null, null, null);
  }

  static LeakCase oracle(String id, Expect expect, String sql, String trueLiteral) {
    return new LeakCase(id, sql, expect, Run.QUERY, List.of(), null, null, trueLiteral);
  }

  LeakCase as(Run how, Object... parameters) {
    return new LeakCase(id, sql, expect, how, List.of(parameters), keyNames, keyIndexes, oracle);
  }

  LeakCase keys(String... names) {
    return new LeakCase(id, sql, expect, Run.KEYS_NAMES, params, names, null, oracle);
  }

  LeakCase keys(int... indexes) {
    return new LeakCase(id, sql, expect, Run.KEYS_INDEXES, params, null, indexes, oracle);
  }

  @Override
  public String toString() {
    return id;
  }
}
