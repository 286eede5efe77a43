package io.phiguard.policy;

import java.util.Objects;

/**
 * Where an element of a policy file was written, for messages at load time and at run time ("denied
 * by the rule at phiguard.yaml:12:5").
 *
 * @param file the file name as given to the loader
 * @param line the 1-based line, or 0 when the problem concerns the whole file
 * @param column the 1-based column, or 0 when the problem concerns the whole file
 */
public record SourceLocation(String file, int line, int column) {

  public SourceLocation {
    Objects.requireNonNull(file, "file");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column are 1-based, or 0 for the whole file");
    }
  }

  /** The location of a whole file, without a position in it. */
  public static SourceLocation ofFile(String file) {
    return new SourceLocation(file, 0, 0);
  }

  /** {@code file:line:column}, or just {@code file} for {@link #ofFile}. */
  @Override
  public String toString() {
    return line == 0 ? file : file + ":" + line + ":" + column;
  }
}
