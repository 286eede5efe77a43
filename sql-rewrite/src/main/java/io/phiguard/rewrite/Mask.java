package io.phiguard.rewrite;

import java.util.Objects;

/**
 * One column's mask: a {@link MaskKind} with its arguments.
 *
 * @param kind the mask function
 * @param keepFirst characters kept at the start ({@link MaskKind#PARTIAL})
 * @param keepLast characters kept at the end ({@link MaskKind#PARTIAL})
 * @param fill the fill character ({@link MaskKind#PARTIAL}, {@link MaskKind#REDACT})
 */
public record Mask(MaskKind kind, int keepFirst, int keepLast, char fill) {

  public Mask {
    Objects.requireNonNull(kind, "kind");
    if (keepFirst < 0 || keepLast < 0 || keepFirst > 64 || keepLast > 64) {
      throw new IllegalArgumentException("partial mask keeps 0 to 64 characters at each end");
    }
    // the fill character is written into SQL text: only characters that need no escaping
    if (fill < 0x20 || fill > 0x7e || fill == '\'' || fill == '\\' || fill == '"' || fill == '`') {
      throw new IllegalArgumentException(
          "fill must be a printable ASCII character needing no quoting");
    }
  }

  public static Mask redact() {
    return new Mask(MaskKind.REDACT, 0, 0, '*');
  }

  public static Mask nullify() {
    return new Mask(MaskKind.NULL, 0, 0, '*');
  }

  public static Mask partial(int keepFirst, int keepLast) {
    return new Mask(MaskKind.PARTIAL, keepFirst, keepLast, '*');
  }

  public static Mask partial(int keepFirst, int keepLast, char fill) {
    return new Mask(MaskKind.PARTIAL, keepFirst, keepLast, fill);
  }

  public static Mask email() {
    return new Mask(MaskKind.EMAIL, 0, 0, '*');
  }

  public static Mask year() {
    return new Mask(MaskKind.YEAR, 0, 0, '*');
  }

  public static Mask zip3() {
    return new Mask(MaskKind.ZIP3, 3, 0, '0');
  }

  public static Mask hash() {
    return new Mask(MaskKind.HASH, 0, 0, '*');
  }

  public static Mask detect() {
    return new Mask(MaskKind.DETECT, 0, 0, '*');
  }
}
