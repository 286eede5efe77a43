package io.phiguard.driver;

import io.phiguard.driver.jdbc.GuardedConnection;
import io.phiguard.policy.Identity;
import java.sql.Connection;
import java.sql.SQLException;
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
    // an application can assert an identity, never vouch for it: only PhiGuard's own token
    // verification (actingAsToken, phiguard.token) makes an identity verified
    Identity asserted =
        new Identity(
            identity.subject(),
            identity.groups(),
            identity.agent(),
            identity.onBehalfOf(),
            identity.purpose(),
            false,
            Identity.Source.APPLICATION);
    return open(new Scope(asserted, null, CURRENT.get()));
  }

  /**
   * Runs the statements of this thread as the identity {@code token} carries until the returned
   * scope is closed: an OIDC/JWT access token, verified per statement against the connection's
   * {@code phiguard.jwks}, {@code phiguard.issuer} and {@code phiguard.audience} (cached until it
   * expires). A statement run with an invalid or expired token fails with {@code 28000}; so does
   * one on a connection without token settings. Scopes nest as with {@link #actingAs}.
   *
   * @throws IllegalArgumentException when {@code token} is blank
   */
  public static Scope actingAsToken(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("actingAsToken needs a token");
    }
    return open(new Scope(Identity.none(), token.strip(), CURRENT.get()));
  }

  private static Scope open(Scope scope) {
    CURRENT.set(scope);
    return scope;
  }

  /**
   * What PhiGuard would do with {@code sql} on {@code connection} for the identity in effect now:
   * the analysis facts, the decision, the rule that made it and the SQL the database would receive.
   * Nothing runs and nothing is audited; a refusal is reported, not thrown.
   *
   * @param connection a PhiGuard connection, or a pool's connection over one
   * @throws SQLException when {@code connection} is not a PhiGuard connection, or the catalog
   *     cannot be read
   */
  public static Explanation explain(Connection connection, String sql) throws SQLException {
    return guarded(connection).explain(Objects.requireNonNull(sql, "sql"), null);
  }

  /** As {@link #explain(Connection, String)}, for {@code identity} instead of the current one. */
  public static Explanation explain(Connection connection, String sql, Identity identity)
      throws SQLException {
    Objects.requireNonNull(identity, "identity");
    return guarded(connection).explain(Objects.requireNonNull(sql, "sql"), identity);
  }

  private static GuardedConnection guarded(Connection connection) throws SQLException {
    if (connection instanceof GuardedConnection guarded) {
      return guarded;
    }
    if (connection != null && connection.isWrapperFor(GuardedConnection.class)) {
      return connection.unwrap(GuardedConnection.class);
    }
    throw PhiGuardErrors.of(
        SqlState.CONFIG_INVALID,
        "explain needs a PhiGuard connection (jdbc:phiguard:… or PhiGuardDataSource)");
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

  /** The innermost open scope on this thread, or null. */
  static Scope currentScope() {
    return CURRENT.get();
  }

  /** An open {@link #actingAs} scope. */
  public static final class Scope implements AutoCloseable {
    private final Identity identity;
    private final String token;
    private final Scope outer;
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    private Scope(Identity identity, String token, Scope outer) {
      this.identity = identity;
      this.token = token;
      this.outer = outer;
    }

    /**
     * The identity this scope asserts; {@link Identity#none()} for an {@link #actingAsToken} scope,
     * whose identity is known only once its token is verified for a statement.
     */
    public Identity identity() {
      return identity;
    }

    /** The token of an {@link #actingAsToken} scope, or null. */
    String token() {
      return token;
    }

    @Override
    public String toString() {
      // never the token
      return token == null ? "Scope[" + identity + "]" : "Scope[token]";
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
