package io.phiguard.driver;

import io.phiguard.policy.Identity;
import io.phiguard.rewrite.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** What every guarded object of one connection shares: the gate, the settings and who it is. */
public final class ConnectionContext {
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private final StatementGate gate;
  private final ConnectionInfo info;
  private final PhiGuardConfig config;
  // the delegate, for catalog metadata and the current schema only; never handed out
  private final Connection raw;
  private volatile List<String> searchPath;
  private volatile PolicyEngine engine;

  ConnectionContext(StatementGate gate, String delegateUrl, PhiGuardConfig config, Connection raw) {
    this.gate = gate;
    this.config = config;
    this.raw = raw;
    this.info =
        new ConnectionInfo(
            CONNECTIONS.incrementAndGet(),
            ConnectionUrl.describe(delegateUrl),
            Dialect.fromJdbcUrl(delegateUrl));
  }

  /** The policy engine of this connection's data source, looked up once. */
  PolicyEngine engine(io.phiguard.policy.Policy policy) {
    PolicyEngine current = engine;
    if (current == null || current.policy() != policy) {
      current = PolicyEngine.of(policy, info);
      engine = current;
    }
    return current;
  }

  Connection raw() {
    return raw;
  }

  /**
   * Where unqualified table names resolve: the current schema (PostgreSQL, H2) or database (MySQL,
   * MariaDB), read once and again after it may have changed.
   */
  List<String> searchPath() throws SQLException {
    List<String> path = searchPath;
    if (path == null) {
      String current =
          switch (info.dialect()) {
            case MYSQL, MARIADB -> raw.getCatalog();
            default -> raw.getSchema();
          };
      path = current == null ? List.of() : List.of(current);
      searchPath = path;
    }
    return path;
  }

  /** The current schema may have changed ({@code setSchema}, {@code USE}, {@code SET}). */
  public void schemaMayHaveChanged() {
    searchPath = null;
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
   * PhiGuard#actingAs} or {@link PhiGuard#actingAsToken} scope of this thread, else the
   * connection's token or properties, else none. Tokens are verified here, per statement (a cache
   * hit once verified); see {@link IdentityResolver}.
   *
   * @throws SQLException {@code 28000} when a token is invalid or expired, or a scope may not
   *     replace the connection's verified identity
   */
  public Identity identityNow() throws SQLException {
    return IdentityResolver.resolve(config, PhiGuard.currentScope());
  }
}
