package io.phiguard.policy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How {@code ./phiguard approvals serve} runs the approval server: the server-side keys of {@code
 * approvals:}. Secrets appear only as {@link SecretRef}s ({@code env:} or {@code file:}); they are
 * read when the server starts.
 *
 * @param store the store's JDBC URL (default: an H2 file in {@link #dataDir})
 * @param storeUser the store's user
 * @param storePassword the store's password
 * @param dataDir where the H2 store and the grant key live (default {@code phiguard-approvals})
 * @param publicUrl the server's URL as browsers and chat users reach it (default {@code
 *     http://localhost:8470}); the console is at {@code <public-url>/console}
 * @param bind the address to listen on (default {@code 127.0.0.1})
 * @param oidc approver login (console) and bearer tokens (API)
 * @param webhooks Standard Webhooks endpoints
 * @param slack the Slack app
 * @param teamsWebhook the Teams incoming webhook URL (a secret: whoever holds it can post)
 * @param callback the signed decision callback
 * @param devMode trust the dev approver header (demos only)
 */
public record ApprovalServerSettings(
    Optional<String> store,
    Optional<String> storeUser,
    Optional<SecretRef> storePassword,
    Optional<String> dataDir,
    Optional<URI> publicUrl,
    Optional<String> bind,
    Optional<Oidc> oidc,
    List<Webhook> webhooks,
    Optional<Slack> slack,
    Optional<SecretRef> teamsWebhook,
    Optional<Callback> callback,
    boolean devMode) {

  private static final ApprovalServerSettings DEFAULTS =
      new ApprovalServerSettings(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          List.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          false);

  /**
   * The approvers' identity provider.
   *
   * @param issuer the OIDC issuer (its discovery document names the endpoints)
   * @param clientId the console's client id
   * @param clientSecret the console's client secret, if it is a confidential client
   * @param groupsClaim the claim with the approver's groups (default {@code groups})
   * @param jwks a JWKS file or https URL for API bearer tokens (none: the API takes no tokens)
   * @param audience the audience of API bearer tokens (default: the client id)
   */
  public record Oidc(
      URI issuer,
      String clientId,
      Optional<SecretRef> clientSecret,
      String groupsClaim,
      Optional<String> jwks,
      Optional<String> audience) {
    public Oidc {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(clientId, "clientId");
    }
  }

  /** A webhook endpoint and where its {@code whsec_} secret is kept. */
  public record Webhook(URI url, SecretRef secret) {}

  /** A chat user who may approve: the subject votes count under, and its groups. */
  public record ChatApprover(String subject, Set<String> groups) {}

  /** The Slack app: signing secret, user ids mapped to approvers, optional incoming webhook. */
  public record Slack(
      SecretRef signingSecret,
      Map<String, ChatApprover> users,
      Optional<SecretRef> incomingWebhook) {}

  /** The signed decision callback: its secret and the automated approvers with their groups. */
  public record Callback(SecretRef secret, Map<String, Set<String>> approvers) {}

  public ApprovalServerSettings {
    webhooks = List.copyOf(webhooks);
  }

  /** Nothing configured: H2 in the data directory, no login, no notifications. */
  public static ApprovalServerSettings defaults() {
    return DEFAULTS;
  }

  @Override
  public String toString() {
    // references only, never secrets; the store URL may carry credentials, so it is not shown
    return "ApprovalServerSettings[store="
        + store.map(s -> Redaction.url(s)).orElse("h2 in data dir")
        + ", publicUrl="
        + publicUrl.orElse(null)
        + ", oidc="
        + oidc.map(o -> o.issuer().toString()).orElse("none")
        + ", webhooks="
        + webhooks.size()
        + ", devMode="
        + devMode
        + "]";
  }
}
