/**
 * PhiGuard approval server: holds statements that need a human's yes, records votes under the rules
 * (quorum, approver groups, no self-approval, expiry, pause), and issues Ed25519-signed, single-use
 * grants bound to the exact statement; approvers vote through the REST API, chat, the signed
 * callback or the web console (OIDC login with PKCE). {@code io.phiguard.approval.grant} is the
 * small part the driver's approval client will reuse to verify grants offline.
 */
module io.phiguard.approval.server {
  requires java.sql;
  requires java.net.http;
  requires jdk.httpserver;
  requires com.nimbusds.jose.jwt;

  exports io.phiguard.approval.server;
  exports io.phiguard.approval.grant;
}
