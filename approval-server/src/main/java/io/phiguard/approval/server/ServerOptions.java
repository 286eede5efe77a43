package io.phiguard.approval.server;

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
 * Everything {@link ApprovalServer} is assembled from. Built in code for now; loading it from
 * {@code phiguard.yaml} comes with {@code ./phiguard approvals serve}. {@code toString()} names no
 * secret.
 */
public final class ServerOptions {
  /** The default port. */
  public static final int DEFAULT_PORT = 8470;

  /** OIDC settings for approver bearer tokens. */
  public record Oidc(
      String jwks, String issuer, String audience, Set<String> algorithms, String groupsClaim) {}

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
  boolean devMode;
  List<Webhook> webhooks = List.of();
  Callback callback;
  Slack slack;
  URI teamsWebhook;
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
        + "]";
  }
}
