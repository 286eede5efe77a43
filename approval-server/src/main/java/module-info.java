/**
 * PhiGuard approval server: holds statements that need a human's yes, records votes under the rules
 * (quorum, approver groups, no self-approval, expiry, pause), and issues Ed25519-signed, single-use
 * grants bound to the exact statement; approvers vote through the REST API, chat, the signed
 * callback or the web console (OIDC login with PKCE). Grants are signed with {@code
 * io.phiguard.approval.grant} of the approval-client module, which the driver verifies them with.
 */
module io.phiguard.approval.server {
  requires java.sql;
  requires java.net.http;
  requires jdk.httpserver;
  requires com.nimbusds.jose.jwt;
  requires transitive io.phiguard.approval.client;

  exports io.phiguard.approval.server;
}
