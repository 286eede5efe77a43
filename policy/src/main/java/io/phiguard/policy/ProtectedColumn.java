package io.phiguard.policy;

import java.util.Objects;

/**
 * A column whose raw values only identities with an unmask rule may see.
 *
 * @param name the column name as written
 * @param mask how it is shown to everyone else
 * @param filter which predicates masked identities may use on it
 * @param onMaskedWrite what a masked identity's write to it does
 * @param location where it is declared
 */
public record ProtectedColumn(
    Identifier name,
    MaskSpec mask,
    FilterPermission filter,
    OnMaskedWrite onMaskedWrite,
    SourceLocation location) {

  public ProtectedColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(onMaskedWrite, "onMaskedWrite");
    Objects.requireNonNull(location, "location");
  }

  /** Whether this column is {@code databaseColumn} as the database reports it. */
  public boolean matches(String databaseColumn) {
    return name.matches(databaseColumn);
  }
}
