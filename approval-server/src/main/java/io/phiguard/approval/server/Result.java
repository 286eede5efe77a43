package io.phiguard.approval.server;

import java.util.Objects;

/**
 * The outcome of an action: a value or a {@link Refusal}. Refusals are ordinary results, not
 * exceptions, so every caller has to look at them.
 *
 * @param <T> the value's type
 */
public sealed interface Result<T> {

  /** A success. */
  record Ok<T>(T value) implements Result<T> {
    /** Requires a value. */
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A refusal. */
  record Refused<T>(Refusal refusal) implements Result<T> {
    /** Requires a refusal. */
    public Refused {
      Objects.requireNonNull(refusal, "refusal");
    }
  }

  static <T> Result<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Result<T> refused(Refusal refusal) {
    return new Refused<>(refusal);
  }

  static <T> Result<T> refused(Refusal.Kind kind, String message) {
    return new Refused<>(new Refusal(kind, message));
  }

  /** The value, or throws {@link IllegalStateException} with the refusal's message. */
  default T orThrow() {
    if (this instanceof Ok<T> ok) {
      return ok.value();
    }
    throw new IllegalStateException(((Refused<T>) this).refusal().message());
  }
}
