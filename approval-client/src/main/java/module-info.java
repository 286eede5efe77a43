/**
 * PhiGuard approval client: what the driver needs of the approval server. It submits requests
 * (never PHI values), long-polls them, verifies Ed25519-signed grants offline ({@code
 * io.phiguard.approval.grant}, shared with the server that signs them) and redeems them once.
 */
module io.phiguard.approval.client {
  requires transitive java.net.http;
  requires com.nimbusds.jose.jwt;

  exports io.phiguard.approval.client;
  exports io.phiguard.approval.grant;
}
