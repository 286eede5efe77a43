package io.phiguard.approval.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-polls when this instance stores a change. Changes made by other instances are seen by
 * the waiters' periodic re-reads; this only makes local ones immediate.
 */
final class ChangeSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long generation;

  /** The current generation; pass it to {@link #awaitAfter}. */
  long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  /** Something changed: wake every waiter. */
  void signal() {
    lock.lock();
    try {
      generation++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the generation passes {@code seen} or {@code nanos} elapse. */
  void awaitAfter(long seen, long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (generation == seen && left > 0) {
        left = changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  static long millisToNanos(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
