package io.phiguard.rewrite;

/** A JDBC escape ({@code {fn …}}, {@code {call …}}, …) that cannot be expanded. */
public final class MalformedEscapeException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param reason what is wrong, without any SQL text (it may carry PHI literals)
   * @param offset the character offset in the statement where the problem was found
   */
  public MalformedEscapeException(String reason, int offset) {
    super(reason + " at offset " + offset);
  }
}
