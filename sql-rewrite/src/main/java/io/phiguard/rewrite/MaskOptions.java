package io.phiguard.rewrite;

import java.util.Objects;
import java.util.Set;

/**
 * The policy's narrow exceptions to plain masking, per masked column, for one rewrite.
 *
 * @param keepOnWrite masked columns a write may name: where the written value is exactly the masked
 *     rendering of the stored value, the stored value is kept ({@code on-masked-write: keep}); a
 *     fresh INSERT writes its values as given
 * @param rawEquality masked columns a {@code col = ?} predicate (under AND/OR only) may test
 *     against the raw value ({@code filter: equality-with-parameter})
 */
public record MaskOptions(Set<ColumnRef> keepOnWrite, Set<ColumnRef> rawEquality) {

  private static final MaskOptions NONE = new MaskOptions(Set.of(), Set.of());

  public MaskOptions {
    keepOnWrite = Set.copyOf(Objects.requireNonNull(keepOnWrite, "keepOnWrite"));
    rawEquality = Set.copyOf(Objects.requireNonNull(rawEquality, "rawEquality"));
  }

  /** No exceptions: every masked column is only ever read masked. */
  public static MaskOptions none() {
    return NONE;
  }
}
