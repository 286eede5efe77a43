package io.phiguard.driver;

import io.phiguard.policy.Identity;
import java.util.Objects;

/**
 * The application's entry point for identities: statements run inside {@code try (var s =
 * PhiGuard.actingAs(identity)) { … }} are judged as {@code identity}, whichever pooled connection
 * runs them.
 *
 * <p>The scope belongs to the thread: the identity is read when each statement executes, so a
 * connection borrowed from a pool before the scope opened is still judged correctly, and a scope
 * never leaks to other threads.
 */
public final class PhiGuard {
  private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

  private PhiGuard() {}

  /**
   * Runs the statements of this thread as {@code identity} until the returned scope is closed.
   * Scopes nest; closing one restores the identity that was in effect before it.
   */
  public static Scope actingAs(Identity identity) {
    Objects.requireNonNull(identity, "identity");
    if (identity.isNone()) {
      throw new IllegalArgumentException("actingAs needs an identity, not Identity.none()");
    }
    Identity asserted =
        identity.source() == Identity.Source.TOKEN
            ? identity
            : identity.withSource(Identity.Source.APPLICATION);
    Scope scope = new Scope(asserted, CURRENT.get());
    CURRENT.set(scope);
    return scope;
  }

  /**
   * Closes PhiGuard's audit trails: the shipper delivers what it can and each journal ends with a
   * signed checkpoint. Runs on its own at a normal JVM exit; call it when an application (or a
   * test) is done with PhiGuard earlier. Connections opened afterwards open their trails again.
   */
  public static void shutdown() {
    AuditTrail.closeAll();
  }

  /** The identity of the innermost open scope on this thread, or null. */
  static Identity scopedIdentity() {
    Scope scope = CURRENT.get();
    return scope == null ? null : scope.identity;
  }

  /** An open {@link #actingAs} scope. */
  public static final class Scope implements AutoCloseable {
    private final Identity identity;
    private final Scope outer;
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    private Scope(Identity identity, Scope outer) {
      this.identity = identity;
      this.outer = outer;
    }

    /** The identity this scope asserts. */
    public Identity identity() {
      return identity;
    }

    /**
     * Ends the scope. Closing an outer scope first also ends the inner ones.
     *
     * @throws IllegalStateException when called from another thread than the one that opened it
     */
    @Override
    public void close() {
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException(
            "a PhiGuard scope must be closed by the thread that opened it");
      }
      if (closed) {
        return;
      }
      closed = true;
      Scope current = CURRENT.get();
      while (current != null && current != this) {
        current.closed = true;
        current = current.outer;
      }
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }
}
