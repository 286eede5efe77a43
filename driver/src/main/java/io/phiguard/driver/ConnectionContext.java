package io.phiguard.driver;

import io.phiguard.policy.Identity;
import java.util.concurrent.atomic.AtomicLong;

/** What every guarded object of one connection shares: the gate, the settings and who it is. */
public final class ConnectionContext {
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private final StatementGate gate;
  private final ConnectionInfo info;
  private final PhiGuardConfig config;

  ConnectionContext(StatementGate gate, String delegateUrl, PhiGuardConfig config) {
    this.gate = gate;
    this.config = config;
    this.info =
        new ConnectionInfo(
            CONNECTIONS.incrementAndGet(),
            ConnectionUrl.describe(delegateUrl),
            io.phiguard.rewrite.Dialect.fromJdbcUrl(delegateUrl));
  }

  /** The gate every statement of this connection passes. */
  public StatementGate gate() {
    return gate;
  }

  /** The connection as the gate and the audit see it. */
  public ConnectionInfo info() {
    return info;
  }

  /** Whether {@code unwrap} may hand out raw delegate objects. */
  public boolean allowUnwrap() {
    return config.allowUnwrap();
  }

  /**
   * The identity a statement runs as, read at the moment it executes: the innermost {@link
   * PhiGuard#actingAs} scope of this thread, else the connection's properties, else none.
   */
  public Identity identityNow() {
    Identity scoped = PhiGuard.scopedIdentity();
    return scoped != null ? scoped : config.connectionIdentity();
  }
}
