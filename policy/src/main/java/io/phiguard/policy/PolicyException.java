package io.phiguard.policy;

import java.util.Objects;

/**
 * A policy file that cannot be used, with where and how to fix it.
 *
 * <p>The message has the shape {@code <file>:<line>:<column>: <what is wrong>. <how to fix it>},
 * the form compilers use, so editors and CI logs link it to the line. Messages never repeat values
 * that could be secrets (a hash key, a password in a store URL): they name the key instead.
 */
public final class PolicyException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient SourceLocation location;
  private final String problem;
  private final String fix;

  /**
   * @param location where the problem is
   * @param problem what is wrong, without a final period
   * @param fix how to fix it, a sentence
   */
  public PolicyException(SourceLocation location, String problem, String fix) {
    super(location + ": " + problem + ". " + fix);
    this.location = Objects.requireNonNull(location, "location");
    this.problem = Objects.requireNonNull(problem, "problem");
    this.fix = Objects.requireNonNull(fix, "fix");
  }

  /** Where the problem is. */
  public SourceLocation location() {
    return location;
  }

  /** What is wrong. */
  public String problem() {
    return problem;
  }

  /** How to fix it. */
  public String fix() {
    return fix;
  }
}
