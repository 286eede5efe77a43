package io.phiguard.approval.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running approval server, assembled from {@link ServerOptions}: store, grant key, rules,
 * notifications, approver authentication, the REST API and the web console ({@code /console}, with
 * OIDC login when configured). In-process for tests and the demo; {@code ./phiguard approvals
 * serve} starts the same from the policy file.
 */
public final class ApprovalServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ApprovalServer.class.getName());

  private final JdbcApprovalStore store;
  private final ScheduledExecutorService scheduler;
  private final ApprovalService service;
  private final ApprovalHttpServer http;

  private ApprovalServer(
      JdbcApprovalStore store,
      ScheduledExecutorService scheduler,
      ApprovalService service,
      ApprovalHttpServer http) {
    this.store = store;
    this.scheduler = scheduler;
    this.service = service;
    this.http = http;
  }

  /** Starts a server as {@code options} say. */
  public static ApprovalServer start(ServerOptions options) throws IOException {
    ServerKeys keys = ServerKeys.loadOrCreate(options.keyFile);
    // bind first: a console URL written with port 0 means "the port this server gets"
    HttpServer bound = HttpServer.create(options.address, 64);
    ApprovalSettings settings = withPort(options.settings, bound.getAddress().getPort());
    JdbcApprovalStore store;
    try {
      store = JdbcApprovalStore.open(options.storeUrl, options.storeProperties);
    } catch (RuntimeException e) {
      bound.stop(0);
      throw e;
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "phiguard-approvals-notify");
              t.setDaemon(true);
              return t;
            });
    try {
      HttpClient client =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      Delivery delivery = new Delivery(client, scheduler, options.backoff);
      List<ApprovalEvents> listeners = new ArrayList<>();
      for (ServerOptions.Webhook w : options.webhooks) {
        listeners.add(new WebhookNotifier(w.url(), w.secret(), delivery, settings, options.clock));
      }
      URI slackHook = options.slack == null ? null : options.slack.incomingWebhook();
      if (slackHook != null || options.teamsWebhook != null) {
        listeners.add(new ChatNotifier(slackHook, options.teamsWebhook, delivery, settings));
      }
      ApprovalService service =
          new ApprovalService(store, settings, keys, new CompositeEvents(listeners), options.clock);
      ApproverAuthenticator approvers = ApproverAuthenticator.NONE;
      if (options.oidc != null) {
        ServerOptions.Oidc o = options.oidc;
        approvers =
            new BearerTokenApprovers(
                o.jwks(), o.issuer(), o.audience(), o.algorithms(), o.groupsClaim(), options.clock);
      }
      if (options.devMode) {
        approvers = new DevModeApprovers(approvers);
      }
      ApprovalHttpServer.Builder builder =
          ApprovalHttpServer.builder(service, keys)
              .bound(bound)
              .threads(options.threads)
              .approvers(approvers)
              .clientToken(options.clientToken);
      if (options.callback != null) {
        builder.route(
            "/v1/callbacks/decision",
            new DecisionCallbackHandler(
                service,
                options.callback.secret(),
                options.callback.approvers(),
                options.clientToken == null));
      }
      if (options.slack != null) {
        builder.route(
            "/v1/slack/interactions",
            new SlackInteractionHandler(
                service, new SlackSignature(options.slack.signingSecret()), options.slack.users()));
      }
      OidcLogin login =
          options.consoleOidc == null
              ? null
              : OidcLogin.create(options.consoleOidc, client, options.clock);
      builder.route(
          "/console", new ConsoleHandler(service, login, new ConsoleSessions(options.clock)));
      ApprovalServer server = new ApprovalServer(store, scheduler, service, builder.start());
      scheduler.scheduleWithFixedDelay(server::sweep, 30, 30, TimeUnit.SECONDS);
      return server;
    } catch (IOException | RuntimeException e) {
      bound.stop(0);
      scheduler.shutdownNow();
      store.close();
      throw e;
    }
  }

  private static ApprovalSettings withPort(ApprovalSettings settings, int port) {
    URI console = settings.consoleUrl();
    if (console.getPort() != 0) {
      return settings;
    }
    URI actual =
        URI.create(
            console.getScheme()
                + "://"
                + console.getHost()
                + ":"
                + port
                + (console.getRawPath() == null ? "" : console.getRawPath()));
    return new ApprovalSettings(
        settings.rules(), settings.requestTtl(), settings.grantTtl(), actual);
  }

  private void sweep() {
    try {
      service.expireDue(500);
    } catch (RuntimeException e) {
      // the store may be down for a moment; the next sweep tries again
      // the class only: a store's message can quote the values of the row it failed on
      LOG.log(
          System.Logger.Level.WARNING, "expiry sweep failed: {0}", e.getClass().getSimpleName());
    }
  }

  /** The core, for in-process use. */
  public ApprovalService service() {
    return service;
  }

  /** The port it listens on. */
  public int port() {
    return http.port();
  }

  /** {@code http://host:port}. */
  public URI baseUri() {
    return http.baseUri();
  }

  /** Stops HTTP, notifications and the store. */
  @Override
  public void close() {
    http.close();
    scheduler.shutdownNow();
    store.close();
  }
}
