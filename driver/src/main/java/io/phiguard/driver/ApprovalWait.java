package io.phiguard.driver;

import java.time.Instant;

/**
 * How long a statement may wait for approval, and whether it should stop: its query timeout and
 * {@code Statement.cancel()} from another thread. Thread interrupts end a wait too.
 */
public interface ApprovalWait {
  /** A wait without deadline that is never cancelled. */
  ApprovalWait UNBOUNDED =
      new ApprovalWait() {
        @Override
        public Instant deadline() {
          return null;
        }

        @Override
        public boolean cancelled() {
          return false;
        }
      };

  /** When the statement's query timeout ends the wait, or null for none. */
  Instant deadline();

  /** Whether the statement was cancelled. */
  boolean cancelled();
}
