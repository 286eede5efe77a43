package io.phiguard.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a protected column is shown to an identity that may not see its raw values. */
public enum MaskFunction {
  /** A fixed placeholder of the column's type. */
  REDACT(true),
  /** SQL {@code NULL}. */
  NULL(true),
  /** Keep the first and last few characters, fill the rest: {@code partial(first, last)}. */
  PARTIAL(true),
  /** Keep the domain of an e-mail address. */
  EMAIL(true),
  /** Generalise a date to its year. */
  YEAR(true),
  /** Keep the first three digits of a ZIP code. */
  ZIP3(true),
  /**
   * A keyed, deterministic pseudonym: equal inputs give equal outputs, so masked columns still
   * join. Computed in the result set, so the key never reaches SQL text or server logs.
   */
  HASH(false),
  /** Free text: PHI detected in it is replaced by {@code [TYPE]}; computed in the result set. */
  DETECT(false);

  /** Names as written in the policy, in the order documentation lists them. */
  static final String USAGE = "redact, null, partial(first, last), email, year, zip3, hash, detect";

  private final boolean runsInSql;

  MaskFunction(boolean runsInSql) {
    this.runsInSql = runsInSql;
  }

  /**
   * Whether the mask is an SQL expression inside the rewritten statement ({@code true}), or is
   * applied to values in {@code GuardedResultSet} ({@code false}: {@link #HASH}, {@link #DETECT}).
   */
  public boolean runsInSql() {
    return runsInSql;
  }

  /** The name as written in the policy file, e.g. {@code zip3}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The function written {@code name} in a policy file, if there is one. */
  static Optional<MaskFunction> byYamlName(String name) {
    return Arrays.stream(values()).filter(f -> f.yamlName().equals(name)).findFirst();
  }
}
