package io.phiguard.policy;

import java.util.Locale;

/**
 * What happens when a masked identity writes a protected column, e.g. an ORM saving back every
 * column of an entity it read masked: {@code *****6789} must never overwrite the real SSN.
 */
public enum OnMaskedWrite {
  /** Deny the INSERT/UPDATE/MERGE ({@code 42501}), naming the column and this option (default). */
  REFUSE,
  /** Keep the stored value when the written value is exactly its masked rendering; audited. */
  KEEP;

  /** The name as written in the policy file. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
