package io.phiguard.it.pool;

import io.phiguard.driver.PhiGuard;
import io.phiguard.policy.Identity;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the test itself believes each thread is acting as, kept apart from PhiGuard's own scope
 * bookkeeping so the gate's view can be checked against it.
 */
final class ExpectedIdentity {
  private static final ThreadLocal<Deque<String>> EXPECTED =
      ThreadLocal.withInitial(ArrayDeque::new);

  private ExpectedIdentity() {}

  /** The subject this thread asserted last, or null outside any scope. */
  static String current() {
    return EXPECTED.get().peek();
  }

  /** Opens {@code PhiGuard.actingAs(subject)} and records the expectation alongside it. */
  static Scope actingAs(String subject) {
    PhiGuard.Scope scope = PhiGuard.actingAs(Identity.of(subject).build());
    EXPECTED.get().push(subject);
    return new Scope(scope);
  }

  /** Both scopes, closed together. */
  static final class Scope implements AutoCloseable {
    private final PhiGuard.Scope phiguard;

    private Scope(PhiGuard.Scope phiguard) {
      this.phiguard = phiguard;
    }

    @Override
    public void close() {
      EXPECTED.get().pop();
      phiguard.close();
    }
  }
}
