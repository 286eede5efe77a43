package io.phiguard.cli;

import io.phiguard.approval.client.ClientToken;
import io.phiguard.approval.server.ApprovalServer;
import io.phiguard.approval.server.Approver;
import io.phiguard.approval.server.RuleSpec;
import io.phiguard.approval.server.ServerOptions;
import io.phiguard.policy.ApprovalRule;
import io.phiguard.policy.ApprovalServerSettings;
import io.phiguard.policy.Policy;
import io.phiguard.policy.PolicyException;
import io.phiguard.policy.PolicyLoader;
import io.phiguard.policy.SecretRef;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

/**
 * {@code ./phiguard approvals serve --config phiguard.yaml [--port N]}: runs the approval server
 * with the rules and server settings of the policy's {@code approvals:} section until stopped.
 * State lives in the store (an H2 file in {@code data-dir} by default), so it survives restarts.
 */
final class ApprovalsServe {
  static final String USAGE =
      """
      usage: ./phiguard approvals serve --config phiguard.yaml [--port N]

        --config  the policy file; its approvals: section holds the rules and the server settings
        --port    where to listen (default 8470; 0 picks a free port)
      """;

  private final PrintStream out;
  private final UnaryOperator<String> environment;

  ApprovalsServe(PrintStream out, UnaryOperator<String> environment) {
    this.out = out;
    this.environment = environment;
  }

  /** Runs until the process is stopped; 2 on a usage error. */
  int run(String[] args) throws PolicyException, IOException, InterruptedException {
    ApprovalServer server = start(args);
    if (server == null) {
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "phiguard-approvals-stop"));
    stopped.await();
    return 0;
  }

  /** Starts the server as {@code args} say, or prints the usage and returns null. */
  ApprovalServer start(String[] args) throws PolicyException, IOException {
    if (args.length == 0 || !args[0].equals("serve")) {
      out.print(USAGE);
      return null;
    }
    String config = null;
    int port = ServerOptions.DEFAULT_PORT;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        out.print(USAGE);
        return null;
      }
      switch (a) {
        case "--config" -> config = args[++i];
        case "--port" -> port = port(args[++i]);
        default -> {
          out.print(USAGE);
          return null;
        }
      }
    }
    if (config == null || port < 0) {
      out.print(USAGE);
      return null;
    }
    Path file = Path.of(config).toAbsolutePath();
    Policy policy = PolicyLoader.load(file);
    ServerOptions options = options(policy, file, port);
    ApprovalServer server = ApprovalServer.start(options);
    out.println(
        "phiguard approvals: listening on "
            + server.baseUri()
            + " ("
            + policy.approvals().rules().size()
            + " rules; console at "
            + server.service().settings().consoleUrl()
            + ")");
    if (policy.approvals().clientToken().isEmpty()) {
      out.println(
          "phiguard approvals: WARNING: no approvals.client-token: drivers are not authenticated"
              + " (anyone who can reach this server can create requests and redeem grants)");
    }
    if (policy.approvals().serverSide().devMode()) {
      out.println("phiguard approvals: DEV MODE IS ON: approver headers are trusted without proof");
    }
    return server;
  }

  private static int port(String text) {
    try {
      int p = Integer.parseInt(text);
      return p >= 0 && p <= 65535 ? p : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private ServerOptions options(Policy policy, Path file, int port) throws PolicyException {
    io.phiguard.policy.ApprovalSettings a = policy.approvals();
    ApprovalServerSettings s = a.serverSide();
    List<RuleSpec> rules = new ArrayList<>();
    for (ApprovalRule r : a.rules()) {
      rules.add(new RuleSpec(r.name(), r.quorum(), r.approvers()));
    }
    String base =
        s.publicUrl()
            .map(URI::toString)
            // port 0: the server fills in the port it binds
            .orElse("http://localhost:" + port);
    URI console = URI.create((base.endsWith("/") ? base : base + "/") + "console");
    Path dataDir =
        s.dataDir()
            .map(d -> file.getParent().resolve(d))
            .orElse(file.getParent().resolve("phiguard-approvals"));
    ServerOptions o =
        ServerOptions.of(
                io.phiguard.approval.server.ApprovalSettings.of(rules, console)
                    .withTtls(a.requestTtl(), a.grantTtl()),
                dataDir)
            .address(new InetSocketAddress(s.bind().orElse("127.0.0.1"), port))
            .devMode(s.devMode());
    if (a.clientToken().isPresent()) {
      o.clientToken(clientToken(a.clientToken().get()));
    }
    if (s.store().isPresent()) {
      Properties props = new Properties();
      s.storeUser().ifPresent(u -> props.setProperty("user", u));
      if (s.storePassword().isPresent()) {
        props.setProperty("password", secret(s.storePassword().get()));
      }
      o.store(s.store().get(), props);
    }
    if (s.oidc().isPresent()) {
      ApprovalServerSettings.Oidc oidc = s.oidc().get();
      String clientSecret =
          oidc.clientSecret().isPresent() ? secret(oidc.clientSecret().get()) : null;
      o.consoleLogin(
          ServerOptions.ConsoleOidc.discovered(
              oidc.issuer(), oidc.clientId(), clientSecret, oidc.groupsClaim()));
      if (oidc.jwks().isPresent()) {
        o.oidc(
            new ServerOptions.Oidc(
                oidc.jwks().get(),
                oidc.issuer().toString(),
                oidc.audience().orElse(oidc.clientId()),
                Set.of("RS256", "ES256"),
                oidc.groupsClaim()));
      }
    }
    List<ServerOptions.Webhook> hooks = new ArrayList<>();
    for (ApprovalServerSettings.Webhook w : s.webhooks()) {
      hooks.add(new ServerOptions.Webhook(w.url(), secret(w.secret())));
    }
    o.webhooks(hooks);
    if (s.slack().isPresent()) {
      ApprovalServerSettings.Slack slack = s.slack().get();
      Map<String, Approver> users = new LinkedHashMap<>();
      slack
          .users()
          .forEach((id, u) -> users.put(id, new Approver(u.subject(), u.groups(), "slack")));
      URI hook =
          slack.incomingWebhook().isPresent()
              ? URI.create(secret(slack.incomingWebhook().get()))
              : null;
      o.slack(new ServerOptions.Slack(secret(slack.signingSecret()), users, hook));
    }
    if (s.teamsWebhook().isPresent()) {
      o.teamsWebhook(URI.create(secret(s.teamsWebhook().get())));
    }
    if (s.callback().isPresent()) {
      o.callback(
          new ServerOptions.Callback(
              secret(s.callback().get().secret()), s.callback().get().approvers()));
    }
    return o;
  }

  /** The token drivers must send, read once at start; the message never shows it. */
  private ClientToken clientToken(SecretRef ref) throws PolicyException {
    byte[] secret = ref.resolve(environment);
    try {
      return ClientToken.of(secret);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(
          ref.location(),
          "the client token in " + ref + " cannot be used: " + e.getMessage(),
          "Use a random printable token, e.g. from 'openssl rand -hex 32'");
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private String secret(SecretRef ref) throws PolicyException {
    return new String(ref.resolve(environment), StandardCharsets.UTF_8);
  }
}
