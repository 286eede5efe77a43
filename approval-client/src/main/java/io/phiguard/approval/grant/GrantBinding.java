package io.phiguard.approval.grant;

import java.util.Objects;

/**
 * What a grant is bound to: exactly one approved request, for one identity running one statement
 * with one set of parameter values on one datasource.
 *
 * @param requestId the approval request
 * @param subject the requester's subject
 * @param datasource the datasource
 * @param fingerprint the statement shape's fingerprint
 * @param sqlHash SHA-256 (hex) of the exact SQL text
 * @param paramsDigest SHA-256 (hex) of the bound parameter values
 */
public record GrantBinding(
    String requestId,
    String subject,
    String datasource,
    String fingerprint,
    String sqlHash,
    String paramsDigest) {
  /** Requires every part. */
  public GrantBinding {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(datasource, "datasource");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(sqlHash, "sqlHash");
    Objects.requireNonNull(paramsDigest, "paramsDigest");
  }
}
