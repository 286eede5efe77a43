package io.phiguard.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For one identity: which protected tables it sees masked, and which unmask rule lets it see the
 * others raw. Two mask sets of the same policy are equal when they mask the same tables, so a mask
 * set can key a decision cache.
 */
public final class MaskSet {

  private final List<ProtectedTable> tables;
  // by position in the policy's protect list: records compare by value, positions are exact
  private final boolean[] masked;
  private final Map<ProtectedTable, UnmaskRule> unmaskedBy;
  private final int hash;

  private MaskSet(
      List<ProtectedTable> tables, boolean[] masked, Map<ProtectedTable, UnmaskRule> unmaskedBy) {
    this.tables = tables;
    this.masked = masked;
    this.unmaskedBy = unmaskedBy;
    // computed once: mask sets key the decision cache on the hot path
    this.hash = Arrays.hashCode(masked) * 31 + tables.hashCode();
  }

  static MaskSet of(Policy policy, Identity identity) {
    List<ProtectedTable> tables = policy.protect();
    boolean[] masked = new boolean[tables.size()];
    Map<ProtectedTable, UnmaskRule> unmaskedBy = new IdentityHashMap<>();
    for (int i = 0; i < tables.size(); i++) {
      ProtectedTable table = tables.get(i);
      Optional<UnmaskRule> rule =
          policy.unmask().stream()
              .filter(r -> r.covers(table) && r.appliesTo(identity))
              .findFirst();
      masked[i] = rule.isEmpty();
      rule.ifPresent(r -> unmaskedBy.put(table, r));
    }
    return new MaskSet(tables, masked, Collections.unmodifiableMap(unmaskedBy));
  }

  /** Whether the protected-table entry {@code table} (of this policy) is masked. */
  public boolean isMasked(ProtectedTable table) {
    int i = indexOf(table);
    // an entry not from this policy: fail closed
    return i < 0 || masked[i];
  }

  /** The rule that unmasks {@code table}, if one does; for audit records. */
  public Optional<UnmaskRule> unmaskedBy(ProtectedTable table) {
    return Optional.ofNullable(unmaskedBy.get(table));
  }

  /**
   * The columns of {@code schema.table} ({@code schema} null: unknown) to mask: the union over
   * every protected entry that covers the table (e.g. both {@code patients} and {@code
   * public.patients}) and is masked for this identity.
   */
  public List<ProtectedColumn> columnsToMask(String schema, String table) {
    List<ProtectedColumn> columns = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      if (masked[i] && tables.get(i).matches(schema, table)) {
        columns.addAll(tables.get(i).columns());
      }
    }
    return columns;
  }

  /** Whether nothing is masked: every protected table is unmasked for this identity. */
  public boolean masksNothing() {
    for (boolean m : masked) {
      if (m) {
        return false;
      }
    }
    return true;
  }

  private int indexOf(ProtectedTable table) {
    for (int i = 0; i < tables.size(); i++) {
      if (tables.get(i) == table) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaskSet other
        && tables.equals(other.tables)
        && hash == other.hash
        && Arrays.equals(masked, other.masked)
        && tables.equals(other.tables);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    List<String> maskedNames = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      if (masked[i]) {
        maskedNames.add(tables.get(i).name().toString());
      }
    }
    return "MaskSet[masked=" + maskedNames + "]";
  }
}
