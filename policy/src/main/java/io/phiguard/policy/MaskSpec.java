package io.phiguard.policy;

import java.util.Objects;

/**
 * A mask function with its arguments, e.g. {@code partial(0, 4)}.
 *
 * @param function the function
 * @param keepFirst for {@link MaskFunction#PARTIAL}: leading characters kept; 0 otherwise
 * @param keepLast for {@link MaskFunction#PARTIAL}: trailing characters kept; 0 otherwise
 * @param fill for {@link MaskFunction#PARTIAL}: the character that replaces the others ({@code *}
 *     unless written as a third argument, {@code partial(0, 4, 'x')})
 */
public record MaskSpec(MaskFunction function, int keepFirst, int keepLast, char fill) {

  /** The fill character of {@code partial} when none is given. */
  public static final char DEFAULT_FILL = '*';

  public MaskSpec {
    Objects.requireNonNull(function, "function");
    if (keepFirst < 0 || keepLast < 0) {
      throw new IllegalArgumentException("partial keeps a non-negative number of characters");
    }
    if (function != MaskFunction.PARTIAL && (keepFirst != 0 || keepLast != 0)) {
      throw new IllegalArgumentException(function.yamlName() + " takes no arguments");
    }
  }

  /** A function without arguments; for {@code partial} use {@link #partial}. */
  public static MaskSpec of(MaskFunction function) {
    if (function == MaskFunction.PARTIAL) {
      throw new IllegalArgumentException("partial needs its arguments: use MaskSpec.partial");
    }
    return new MaskSpec(function, 0, 0, DEFAULT_FILL);
  }

  /** {@code partial(keepFirst, keepLast)} with the default fill. */
  public static MaskSpec partial(int keepFirst, int keepLast) {
    return new MaskSpec(MaskFunction.PARTIAL, keepFirst, keepLast, DEFAULT_FILL);
  }

  /** The spec as written in a policy file, e.g. {@code partial(0, 4)}. */
  @Override
  public String toString() {
    if (function != MaskFunction.PARTIAL) {
      return function.yamlName();
    }
    return "partial("
        + keepFirst
        + ", "
        + keepLast
        + (fill == DEFAULT_FILL ? "" : ", '" + fill + "'")
        + ")";
  }
}
