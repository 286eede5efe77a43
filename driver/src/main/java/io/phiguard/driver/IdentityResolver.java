package io.phiguard.driver;

import io.phiguard.policy.Identity;
import java.sql.SQLException;

/**
 * Who a statement runs as, decided when it executes (never at {@code connect()}, so an expired
 * token fails statements, not a pool's health check).
 *
 * <ol>
 *   <li>A {@link PhiGuard#actingAsToken} scope: its token, verified.
 *   <li>Else the connection's identity: its token ({@code phiguard.token} or {@code
 *       phiguard.tokenFile}), verified, or the unverified {@code phiguard.subject} properties.
 *   <li>A {@link PhiGuard#actingAs} scope replaces an unverified connection identity. It replaces a
 *       verified one only when the token's identity is in {@code phiguard.actorsGroup}: the scope's
 *       identity runs the statement (asserted by the application, unverified) and the token's
 *       subject is recorded as the acting agent (its agent when it has one), unless the scope names
 *       an agent itself. Otherwise the statement is refused with {@code 28000}.
 * </ol>
 */
final class IdentityResolver {
  private IdentityResolver() {}

  static Identity resolve(PhiGuardConfig config, PhiGuard.Scope scope) throws SQLException {
    if (scope != null && scope.token() != null) {
      return verifier(config, "PhiGuard.actingAsToken").verify(scope.token());
    }
    Identity connection =
        config.connectionToken() == null
            ? config.connectionIdentity()
            : verifier(config, "phiguard.token").verify(config.connectionToken().current());
    if (scope == null) {
      return connection;
    }
    Identity asserted = scope.identity();
    if (!connection.verified()) {
      return asserted;
    }
    String actors = config.tokenSettings().actorsGroup();
    if (actors == null || !connection.inGroup(actors)) {
      throw PhiGuardErrors.of(
          SqlState.INVALID_IDENTITY,
          "a PhiGuard.actingAs scope cannot replace this connection's verified token identity: "
              + (actors == null
                  ? "no phiguard.actorsGroup is configured"
                  : "the token's subject is not in the group phiguard.actorsGroup names")
              + ". Use PhiGuard.actingAsToken with the user's token, or give the service's"
              + " token that group");
    }
    // recorded as act: the verified service runs the statement for the asserted identity
    String actor = connection.agent().isEmpty() ? connection.subject() : connection.agent();
    return new Identity(
        asserted.subject(),
        asserted.groups(),
        asserted.agent().isEmpty() ? actor : asserted.agent(),
        asserted.onBehalfOf(),
        asserted.purpose(),
        false,
        Identity.Source.APPLICATION);
  }

  private static TokenVerifier verifier(PhiGuardConfig config, String what) throws SQLException {
    TokenVerifier verifier = config.tokenVerifier();
    if (verifier == null) {
      throw PhiGuardErrors.of(
          SqlState.INVALID_IDENTITY,
          what
              + " needs token verification settings: set phiguard.jwks, phiguard.issuer and"
              + " phiguard.audience");
    }
    return verifier;
  }
}
