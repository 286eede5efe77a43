package io.phiguard.rewrite;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where each of the caller's {@code ?} parameters goes in a rewritten statement. A rewrite may
 * repeat a parameter in place ({@code SET ssn = ?} becomes {@code SET ssn = CASE WHEN ? … ELSE ?
 * END} under {@code on-masked-write: keep}); the copies then sit next to each other, and every
 * later parameter moves right by the number of copies before it. A statement without copies has the
 * identity map. Immutable.
 */
public final class ParameterMap {

  private static final ParameterMap IDENTITY = new ParameterMap(new TreeMap<>());

  /** Caller index (1-based) to how many times it occurs in the rewrite; only entries above 1. */
  private final TreeMap<Integer, Integer> copies;

  private ParameterMap(TreeMap<Integer, Integer> copies) {
    this.copies = copies;
  }

  /** The map of a statement whose parameters are where the caller put them. */
  public static ParameterMap identity() {
    return IDENTITY;
  }

  /**
   * A map where the caller's parameter {@code index} occurs {@code count} times in a row.
   *
   * @param copies caller index (1-based) to occurrences (at least 1)
   */
  public static ParameterMap of(Map<Integer, Integer> copies) {
    TreeMap<Integer, Integer> kept = new TreeMap<>();
    copies.forEach(
        (index, count) -> {
          if (index < 1 || count < 1) {
            throw new IllegalArgumentException("parameter indexes and counts start at 1");
          }
          if (count > 1) {
            kept.put(index, count);
          }
        });
    return kept.isEmpty() ? IDENTITY : new ParameterMap(kept);
  }

  /** Whether every parameter stays where the caller put it. */
  public boolean isIdentity() {
    return copies.isEmpty();
  }

  /** Whether the caller's parameter {@code index} occurs more than once in the rewrite. */
  public boolean repeats(int index) {
    return copies.containsKey(index);
  }

  /** The 1-based positions in the rewritten statement that take the caller's {@code index}. */
  public int[] positions(int index) {
    if (copies.isEmpty() || index < 1) {
      return new int[] {index};
    }
    int shift = 0;
    for (Map.Entry<Integer, Integer> entry : copies.headMap(index).entrySet()) {
      shift += entry.getValue() - 1;
    }
    int[] positions = new int[copies.getOrDefault(index, 1)];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = index + shift + i;
    }
    return positions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterMap other && copies.equals(other.copies);
  }

  @Override
  public int hashCode() {
    return copies.hashCode();
  }

  @Override
  public String toString() {
    if (copies.isEmpty()) {
      return "ParameterMap[identity]";
    }
    StringBuilder text = new StringBuilder("ParameterMap[");
    copies.forEach((index, count) -> text.append(index).append("x").append(count).append(' '));
    return text.toString().strip() + "]";
  }
}
