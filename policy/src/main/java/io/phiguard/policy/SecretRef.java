package io.phiguard.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where a secret is kept: the policy names the place, never the secret ({@code env:NAME} or {@code
 * file:/path}). The secret is read only when {@link #resolve} is called, so a policy can be loaded
 * and checked where the secret is not available.
 *
 * @param kind where to look
 * @param name the environment variable or file path
 * @param location where the reference is written
 */
public record SecretRef(Kind kind, String name, SourceLocation location) {

  /** Secrets shorter than this are refused: a short hash key makes pseudonyms guessable. */
  public static final int MIN_BYTES = 16;

  /** Where a secret is kept. */
  public enum Kind {
    /** An environment variable. */
    ENV,
    /** A file, e.g. a mounted secret; one trailing line break is ignored. */
    FILE
  }

  public SecretRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a secret reference needs a name");
    }
  }

  /** Reads the secret from the process environment or the file system. */
  public byte[] resolve() throws PolicyException {
    return resolve(System::getenv);
  }

  /**
   * Reads the secret, looking environment variables up with {@code environment}.
   *
   * @throws PolicyException naming the reference (never the value) when it is missing, unreadable
   *     or shorter than {@link #MIN_BYTES}
   */
  public byte[] resolve(UnaryOperator<String> environment) throws PolicyException {
    byte[] secret;
    if (kind == Kind.ENV) {
      String value = environment.apply(name);
      if (value == null || value.isEmpty()) {
        throw new PolicyException(
            location,
            "environment variable " + name + " is not set",
            "Set it to a random key of at least " + MIN_BYTES + " bytes before starting");
      }
      secret = value.getBytes(StandardCharsets.UTF_8);
    } else {
      try {
        secret = stripLineBreak(Files.readAllBytes(Path.of(name)));
      } catch (IOException | RuntimeException e) {
        throw new PolicyException(
            location,
            "cannot read the secret file " + name + " (" + e.getClass().getSimpleName() + ")",
            "Make the file readable by this process");
      }
    }
    if (secret.length < MIN_BYTES) {
      Arrays.fill(secret, (byte) 0);
      throw new PolicyException(
          location,
          "the secret in " + this + " is shorter than " + MIN_BYTES + " bytes",
          "Use a random key of at least " + MIN_BYTES + " bytes, e.g. from 'openssl rand -hex 32'");
    }
    return secret;
  }

  private static byte[] stripLineBreak(byte[] bytes) {
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
    }
    return end == bytes.length ? bytes : Arrays.copyOf(bytes, end);
  }

  /** The reference as written, e.g. {@code env:PHIGUARD_HASH_KEY}: a place, not a secret. */
  @Override
  public String toString() {
    return (kind == Kind.ENV ? "env:" : "file:") + name;
  }
}
