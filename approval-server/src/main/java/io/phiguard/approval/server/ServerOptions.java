package io.phiguard.approval.server;

import io.phiguard.approval.client.ClientToken;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * Everything {@link ApprovalServer} is assembled from. Built in code, or by {@code ./phiguard
 * approvals serve} from the {@code approvals:} section of {@code phiguard.yaml}. {@code toString()}
 * names no secret.
 */
public final class ServerOptions {
  /** The default port. */
  public static final int DEFAULT_PORT = 8470;

  /** OIDC settings for approver bearer tokens. */
  public record Oidc(
      String jwks, String issuer, String audience, Set<String> algorithms, String groupsClaim) {}

  /**
   * OIDC login for the web console (authorization code flow with PKCE).
   *
   * @param issuer the issuer; its {@code /.well-known/openid-configuration} names the endpoints not
   *     given here
   * @param clientId the console's client id (the ID token's audience)
   * @param clientSecret the client secret, or null for a public client
   * @param groupsClaim the claim holding the approver's groups (a dotted path; default {@code
   *     groups})
   * @param scope the scopes asked for (default {@code openid profile})
   * @param algorithms ID token signature algorithms accepted (default RS256 and ES256)
   * @param authorizationEndpoint explicit endpoint, or null to use discovery
   * @param tokenEndpoint explicit endpoint, or null to use discovery
   * @param jwksUri explicit JWKS URL, or null to use discovery
   */
  public record ConsoleOidc(
      URI issuer,
      String clientId,
      String clientSecret,
      String groupsClaim,
      String scope,
      Set<String> algorithms,
      URI authorizationEndpoint,
      URI tokenEndpoint,
      URI jwksUri) {
    /** Validates and fills defaults. */
    public ConsoleOidc {
      Objects.requireNonNull(issuer, "oidc issuer");
      clientId = Texts.required(clientId, "oidc client-id", Texts.MAX_NAME);
      groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim;
      scope = scope == null || scope.isBlank() ? "openid profile" : scope;
      algorithms =
          algorithms == null || algorithms.isEmpty()
              ? Set.of("RS256", "ES256")
              : Set.copyOf(algorithms);
    }

    /** Discovery for everything else. */
    public static ConsoleOidc discovered(
        URI issuer, String clientId, String clientSecret, String groupsClaim) {
      return new ConsoleOidc(
          issuer, clientId, clientSecret, groupsClaim, null, null, null, null, null);
    }

    @Override
    public String toString() {
      // never the client secret
      return "ConsoleOidc[" + issuer + ", client " + clientId + "]";
    }
  }

  /** A webhook endpoint and its {@code whsec_} secret. */
  public record Webhook(URI url, String secret) {}

  /** The signed decision callback: its secret and the automated approvers with their groups. */
  public record Callback(String secret, Map<String, Set<String>> approvers) {}

  /** The Slack app: signing secret, user id to approver mapping, and an incoming webhook. */
  public record Slack(String signingSecret, Map<String, Approver> users, URI incomingWebhook) {}

  InetSocketAddress address = new InetSocketAddress("127.0.0.1", DEFAULT_PORT);
  String storeUrl;
  Properties storeProperties = new Properties();
  Path keyFile;
  ApprovalSettings settings;
  Oidc oidc;
  ConsoleOidc consoleOidc;
  boolean devMode;
  List<Webhook> webhooks = List.of();
  Callback callback;
  Slack slack;
  URI teamsWebhook;
  ClientToken clientToken;
  Clock clock = Clock.systemUTC();
  int threads = 16;
  List<Duration> backoff = Delivery.DEFAULT_BACKOFF;

  private ServerOptions(ApprovalSettings settings, Path dataDir) {
    this.settings = Objects.requireNonNull(settings, "settings");
    Path dir = dataDir.toAbsolutePath().normalize();
    this.storeUrl = "jdbc:h2:file:" + dir.resolve("approvals");
    this.keyFile = dir.resolve("grant-key.pem");
  }

  /**
   * Options deciding by {@code settings}, keeping the H2 store and the grant key in {@code dataDir}
   * unless told otherwise.
   */
  public static ServerOptions of(ApprovalSettings settings, Path dataDir) {
    return new ServerOptions(settings, dataDir);
  }

  public ServerOptions address(InetSocketAddress value) {
    this.address = Objects.requireNonNull(value);
    return this;
  }

  /** The store's JDBC URL (PostgreSQL for several instances) and connection properties. */
  public ServerOptions store(String url, Properties properties) {
    this.storeUrl = Objects.requireNonNull(url);
    this.storeProperties = Objects.requireNonNull(properties);
    return this;
  }

  /** The grant key file (every instance sharing a store needs the same one). */
  public ServerOptions keyFile(Path value) {
    this.keyFile = Objects.requireNonNull(value);
    return this;
  }

  public ServerOptions oidc(Oidc value) {
    this.oidc = value;
    return this;
  }

  /**
   * The console's OIDC login; without it the console serves no pages (approvers then vote through
   * the API or chat).
   */
  public ServerOptions consoleLogin(ConsoleOidc value) {
    this.consoleOidc = value;
    return this;
  }

  /** Trusts the dev approver header; for demos only, logged loudly. */
  public ServerOptions devMode(boolean value) {
    this.devMode = value;
    return this;
  }

  public ServerOptions webhooks(List<Webhook> value) {
    this.webhooks = List.copyOf(value);
    return this;
  }

  public ServerOptions callback(Callback value) {
    this.callback = value;
    return this;
  }

  public ServerOptions slack(Slack value) {
    this.slack = value;
    return this;
  }

  public ServerOptions teamsWebhook(URI value) {
    this.teamsWebhook = value;
    return this;
  }

  /**
   * The token drivers must send ({@value ClientToken#HEADER}) to create requests, redeem grants and
   * see grants; null (the default) authenticates no driver, which the server warns about at start.
   */
  public ServerOptions clientToken(ClientToken value) {
    this.clientToken = value;
    return this;
  }

  /** The clock every decision is made at (a fixed or hand-moved clock in tests). */
  public ServerOptions clock(Clock value) {
    this.clock = Objects.requireNonNull(value);
    return this;
  }

  public ServerOptions threads(int value) {
    this.threads = value;
    return this;
  }

  /** The notification retry delays. */
  public ServerOptions backoff(List<Duration> value) {
    this.backoff = List.copyOf(value);
    return this;
  }

  @Override
  public String toString() {
    return "ServerOptions["
        + address
        + ", rules "
        + settings.rules().keySet()
        + ", dev mode "
        + devMode
        + ", client token "
        + (clientToken == null ? "none" : "set")
        + "]";
  }
}
