package io.phiguard.approval.server;

import java.time.Instant;

/** Signs the grant of an approved request. */
@FunctionalInterface
public interface GrantIssuer {
  /** A compact JWS binding {@code request}'s statement, valid until {@code expiresAt}. */
  String issue(ApprovalRequest request, Instant expiresAt);
}
