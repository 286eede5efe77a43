package io.phiguard.cli;

/** A command line the CLI cannot run: wrong or missing arguments. Exit code 2, with usage. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
