package io.phiguard.approval.grant;

import java.time.Instant;

/**
 * A verified grant.
 *
 * @param binding what it is bound to
 * @param rule the rule it approves
 * @param issuedAt when it was signed
 * @param expiresAt when it stops being redeemable
 */
public record GrantClaims(GrantBinding binding, String rule, Instant issuedAt, Instant expiresAt) {}
