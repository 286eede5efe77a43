package io.phiguard.approval.server;

import java.util.List;
import java.util.Map;

/** Finds out who is voting from a request's headers. */
@FunctionalInterface
public interface ApproverAuthenticator {
  /**
   * The approver the headers prove, or a refusal ({@link Refusal.Kind#UNAUTHENTICATED}) saying why
   * not. Header names are lower case.
   */
  Result<Approver> authenticate(Map<String, List<String>> headers);

  /** Nobody is authenticated (no approver configured). */
  ApproverAuthenticator NONE =
      headers ->
          Result.refused(
              Refusal.Kind.UNAUTHENTICATED,
              "no approver authentication is configured; set approvals.oidc.jwks (or sign in to the console)");
}
