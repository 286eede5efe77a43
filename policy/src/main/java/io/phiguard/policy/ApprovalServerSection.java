package io.phiguard.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Reads the server-side keys of {@code approvals:} (used by {@code ./phiguard approvals serve}).
 */
final class ApprovalServerSection {
  /** The keys this section reads, beside the driver-side ones. */
  static final List<String> KEYS =
      List.of(
          "store",
          "store-user",
          "store-password",
          "data-dir",
          "public-url",
          "bind",
          "oidc",
          "webhooks",
          "slack",
          "teams-webhook",
          "callback",
          "dev-mode");

  private static final List<String> OIDC_KEYS =
      List.of("issuer", "client-id", "client-secret", "groups-claim", "jwks", "audience");
  private static final List<String> WEBHOOK_KEYS = List.of("url", "secret");
  private static final List<String> SLACK_KEYS =
      List.of("signing-secret", "users", "incoming-webhook");
  private static final List<String> CHAT_USER_KEYS = List.of("subject", "groups");
  private static final List<String> CALLBACK_KEYS = List.of("secret", "approvers");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final NodeReader reader;

  ApprovalServerSection(NodeReader reader) {
    this.reader = reader;
  }

  ApprovalServerSettings read(Map<String, NodeTuple> entries) throws PolicyException {
    Optional<String> store = text(entries, "store");
    if (store.isPresent() && !store.get().startsWith("jdbc:")) {
      throw reader.error(
          NodeReader.optional(entries, "store").orElseThrow(),
          "'store' is not a JDBC URL",
          "Write 'store: jdbc:postgresql://host/db' (several instances) or leave it out for an H2"
              + " file in 'data-dir'");
    }
    Optional<Node> devMode = NodeReader.optional(entries, "dev-mode");
    return new ApprovalServerSettings(
        store,
        text(entries, "store-user"),
        secret(entries, "store-password"),
        text(entries, "data-dir"),
        url(entries, "public-url"),
        text(entries, "bind"),
        oidc(entries),
        webhooks(entries),
        slack(entries),
        secret(entries, "teams-webhook"),
        callback(entries),
        devMode.isPresent() && reader.bool(devMode.get(), "'dev-mode'"));
  }

  private Optional<ApprovalServerSettings.Oidc> oidc(Map<String, NodeTuple> entries)
      throws PolicyException {
    Optional<Node> node = NodeReader.optional(entries, "oidc");
    if (node.isEmpty()) {
      return Optional.empty();
    }
    Map<String, NodeTuple> o = reader.mapping(node.get(), "'oidc'");
    reader.allowOnly(o, OIDC_KEYS, "in 'oidc'");
    URI issuer =
        url(o, "issuer")
            .orElseThrow(
                () ->
                    reader.error(
                        node.get(),
                        "'oidc' needs 'issuer'",
                        "Add 'issuer: https://login.example.com/realms/ehr'"));
    String clientId =
        reader.text(
            reader.required(o, "client-id", node.get(), "'oidc'", "client-id: phiguard-console"),
            "'client-id'");
    return Optional.of(
        new ApprovalServerSettings.Oidc(
            issuer,
            clientId,
            secret(o, "client-secret"),
            text(o, "groups-claim").orElse("groups"),
            text(o, "jwks"),
            text(o, "audience")));
  }

  private List<ApprovalServerSettings.Webhook> webhooks(Map<String, NodeTuple> entries)
      throws PolicyException {
    List<ApprovalServerSettings.Webhook> out = new ArrayList<>();
    Optional<Node> node = NodeReader.optional(entries, "webhooks");
    if (node.isEmpty()) {
      return out;
    }
    for (Node item : reader.list(node.get(), "'webhooks'")) {
      Map<String, NodeTuple> w = reader.mapping(item, "a webhook");
      reader.allowOnly(w, WEBHOOK_KEYS, "in a webhook");
      reader.required(w, "url", item, "a webhook", "url: https://hooks.example.com/phiguard");
      reader.required(w, "secret", item, "a webhook", "secret: env:PHIGUARD_WEBHOOK_SECRET");
      out.add(
          new ApprovalServerSettings.Webhook(
              url(w, "url").orElseThrow(), secret(w, "secret").orElseThrow()));
    }
    return out;
  }

  private Optional<ApprovalServerSettings.Slack> slack(Map<String, NodeTuple> entries)
      throws PolicyException {
    Optional<Node> node = NodeReader.optional(entries, "slack");
    if (node.isEmpty()) {
      return Optional.empty();
    }
    Map<String, NodeTuple> s = reader.mapping(node.get(), "'slack'");
    reader.allowOnly(s, SLACK_KEYS, "in 'slack'");
    reader.required(
        s, "signing-secret", node.get(), "'slack'", "signing-secret: env:SLACK_SIGNING_SECRET");
    Map<String, ApprovalServerSettings.ChatApprover> users = new LinkedHashMap<>();
    Optional<Node> usersNode = NodeReader.optional(s, "users");
    if (usersNode.isPresent()) {
      for (Map.Entry<String, NodeTuple> e :
          reader.mapping(usersNode.get(), "'users' of 'slack'").entrySet()) {
        Node value = e.getValue().getValueNode();
        Map<String, NodeTuple> u = reader.mapping(value, "Slack user " + e.getKey());
        reader.allowOnly(u, CHAT_USER_KEYS, "in Slack user " + e.getKey());
        String subject =
            reader.text(
                reader.required(u, "subject", value, "Slack user " + e.getKey(), "subject: alice"),
                "'subject'");
        Set<String> groups = reader.texts(u, "groups", "'groups'");
        users.put(e.getKey(), new ApprovalServerSettings.ChatApprover(subject, groups));
      }
    }
    return Optional.of(
        new ApprovalServerSettings.Slack(
            secret(s, "signing-secret").orElseThrow(), users, secret(s, "incoming-webhook")));
  }

  private Optional<ApprovalServerSettings.Callback> callback(Map<String, NodeTuple> entries)
      throws PolicyException {
    Optional<Node> node = NodeReader.optional(entries, "callback");
    if (node.isEmpty()) {
      return Optional.empty();
    }
    Map<String, NodeTuple> c = reader.mapping(node.get(), "'callback'");
    reader.allowOnly(c, CALLBACK_KEYS, "in 'callback'");
    reader.required(c, "secret", node.get(), "'callback'", "secret: env:PHIGUARD_CALLBACK_SECRET");
    Map<String, Set<String>> approvers = new LinkedHashMap<>();
    Optional<Node> a = NodeReader.optional(c, "approvers");
    if (a.isPresent()) {
      for (Map.Entry<String, NodeTuple> e :
          reader.mapping(a.get(), "'approvers' of 'callback'").entrySet()) {
        approvers.put(
            e.getKey(), reader.texts(e.getValue().getValueNode(), "groups of " + e.getKey()));
      }
    }
    return Optional.of(
        new ApprovalServerSettings.Callback(secret(c, "secret").orElseThrow(), approvers));
  }

  private Optional<String> text(Map<String, NodeTuple> entries, String key) throws PolicyException {
    Optional<Node> node = NodeReader.optional(entries, key);
    return node.isEmpty()
        ? Optional.empty()
        : Optional.of(reader.text(node.get(), "'" + key + "'"));
  }

  private Optional<URI> url(Map<String, NodeTuple> entries, String key) throws PolicyException {
    Optional<Node> node = NodeReader.optional(entries, key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    String text = reader.text(node.get(), "'" + key + "'");
    String fix = "Write an http or https URL, e.g. '" + key + ": https://approvals.internal:8470'";
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw reader.error(node.get(), "'" + key + "' must be an http or https URL", fix);
      }
      if (uri.getRawUserInfo() != null) {
        throw reader.error(
            node.get(),
            "'" + key + "' carries credentials",
            "Remove 'user:password@' from the URL, and change that password");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      // the value is not repeated: a URL may carry credentials
      throw reader.error(node.get(), "'" + key + "' is not a valid URL", fix);
    }
  }

  /** A secret's place ({@code env:NAME} or {@code file:/path}); a literal secret is refused. */
  Optional<SecretRef> secret(Map<String, NodeTuple> entries, String key) throws PolicyException {
    Optional<Node> node = NodeReader.optional(entries, key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    // never repeat this value in a message: if it is not a reference, it may be the secret itself
    String text = reader.text(node.get(), "'" + key + "'");
    if (text.startsWith("env:") && ENV_NAME.matcher(text.substring(4)).matches()) {
      return Optional.of(
          new SecretRef(SecretRef.Kind.ENV, text.substring(4), reader.at(node.get())));
    }
    if (text.startsWith("file:") && !text.substring(5).isBlank()) {
      return Optional.of(
          new SecretRef(SecretRef.Kind.FILE, text.substring(5).strip(), reader.at(node.get())));
    }
    throw reader.error(
        node.get(),
        "'" + key + "' must say where the secret is kept, not contain it",
        "Write '"
            + key
            + ": env:VARIABLE' or '"
            + key
            + ": file:/run/secrets/name'; if the secret itself was written here, replace it");
  }
}
