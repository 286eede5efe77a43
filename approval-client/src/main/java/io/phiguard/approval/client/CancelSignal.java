package io.phiguard.approval.client;

/** Tells a waiting client to stop: {@code Statement.cancel()} from another thread. */
@FunctionalInterface
public interface CancelSignal {
  /** A signal that never fires. */
  CancelSignal NEVER = () -> false;

  /** Whether the wait should end now. */
  boolean cancelled();
}
