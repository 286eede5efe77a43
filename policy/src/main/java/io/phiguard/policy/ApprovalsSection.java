package io.phiguard.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** Reads {@code approvals:}. */
final class ApprovalsSection {

  private static final List<String> KEYS =
      java.util.stream.Stream.concat(
              java.util.stream.Stream.of(
                  "server",
                  "mode",
                  "max-wait",
                  "request-ttl",
                  "grant-ttl",
                  "rules",
                  "exempt",
                  "client-token"),
              ApprovalServerSection.KEYS.stream())
          .toList();
  private static final List<String> RULE_KEYS =
      List.of("name", "when", "quorum", "approvers", "tables");
  private static final List<String> EXEMPT_KEYS = List.of("rule", "subjects", "allow-unverified");
  private static final List<String> TRIGGER_WORDS =
      List.of("ddl", "role", "export", "unbounded-write", "rows > N");
  private static final Pattern ROWS = Pattern.compile("rows\\s*>\\s*(\\d{1,18})");

  private final NodeReader reader;

  ApprovalsSection(NodeReader reader) {
    this.reader = reader;
  }

  ApprovalSettings read(Node key, Node value) throws PolicyException {
    Map<String, NodeTuple> entries = reader.mapping(value, "'approvals'");
    reader.allowOnly(entries, KEYS, "in 'approvals'");
    Optional<URI> server = server(entries);
    ApprovalSettings.WaitMode mode = ApprovalSettings.WaitMode.BLOCK;
    Optional<Node> modeNode = NodeReader.optional(entries, "mode");
    if (modeNode.isPresent()) {
      String text = reader.text(modeNode.get(), "'mode' of 'approvals'");
      mode =
          switch (text) {
            case "block" -> ApprovalSettings.WaitMode.BLOCK;
            case "fail-fast" -> ApprovalSettings.WaitMode.FAIL_FAST;
            default ->
                throw reader.error(
                    modeNode.get(),
                    "'" + text + "' is not an approval mode",
                    Suggestions.didYouMean(text, List.of("block", "fail-fast"))
                        + "Use block (wait for the decision, default) or fail-fast (fail at once"
                        + " with the request id)");
          };
    }
    Duration maxWait = duration(entries, "max-wait", ApprovalSettings.DEFAULT_MAX_WAIT);
    Duration requestTtl = duration(entries, "request-ttl", ApprovalSettings.DEFAULT_REQUEST_TTL);
    Duration grantTtl = duration(entries, "grant-ttl", ApprovalSettings.DEFAULT_GRANT_TTL);
    if (maxWait.compareTo(requestTtl) > 0) {
      throw reader.error(
          NodeReader.optional(entries, "max-wait").orElse(value),
          "'max-wait' is longer than 'request-ttl' (" + requestTtl.toMinutes() + " min)",
          "Make 'max-wait' at most 'request-ttl': a request expires before a longer wait ends");
    }
    List<ApprovalRule> rules = rules(entries);
    List<ApprovalExemption> exemptions = exemptions(entries, rules);
    if (!rules.isEmpty() && server.isEmpty()) {
      throw reader.error(
          key,
          "approval rules need a 'server'",
          "Add 'server: http://localhost:8470' (the approval-server's URL) under 'approvals'");
    }
    ApprovalServerSection serverSection = new ApprovalServerSection(reader);
    ApprovalServerSettings serverSide = serverSection.read(entries);
    // read by both sides: the driver sends it, the server demands it
    Optional<SecretRef> clientToken = serverSection.secret(entries, "client-token");
    return new ApprovalSettings(
        server, mode, maxWait, requestTtl, grantTtl, rules, exemptions, serverSide, clientToken);
  }

  private Optional<URI> server(Map<String, NodeTuple> entries) throws PolicyException {
    Optional<Node> node = NodeReader.optional(entries, "server");
    if (node.isEmpty()) {
      return Optional.empty();
    }
    String text = reader.text(node.get(), "'server'");
    String fix =
        "Write the approval-server's base URL, e.g. 'server: https://approvals.internal:8470'";
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      // the value is not repeated: a URL may carry credentials
      throw reader.error(node.get(), "'server' is not a valid URL", fix);
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw reader.error(node.get(), "'server' must be an http or https URL with a host", fix);
    }
    if (uri.getRawUserInfo() != null) {
      throw reader.error(
          node.get(),
          "'server' carries credentials",
          "Remove 'user:password@' from the URL, and change that password: it was written in the"
              + " policy file");
    }
    return Optional.of(uri);
  }

  private Duration duration(Map<String, NodeTuple> entries, String key, Duration fallback)
      throws PolicyException {
    Optional<Node> node = NodeReader.optional(entries, key);
    return node.isEmpty() ? fallback : DurationParser.parse(reader, node.get(), "'" + key + "'");
  }

  private List<ApprovalRule> rules(Map<String, NodeTuple> entries) throws PolicyException {
    List<ApprovalRule> rules = new ArrayList<>();
    Optional<Node> node = NodeReader.optional(entries, "rules");
    if (node.isEmpty()) {
      return rules;
    }
    for (Node item : reader.list(node.get(), "'rules'")) {
      Map<String, NodeTuple> rule = reader.mapping(item, "an approval rule");
      reader.allowOnly(rule, RULE_KEYS, "in an approval rule");
      Node nameNode =
          reader.required(rule, "name", item, "an approval rule", "name: schema-change");
      String name = reader.text(nameNode, "'name'");
      for (ApprovalRule earlier : rules) {
        if (earlier.name().equals(name)) {
          throw reader.error(
              nameNode,
              "approval rule name '"
                  + name
                  + "' is used twice (first at line "
                  + earlier.location().line()
                  + ")",
              "Give each rule its own name");
        }
      }
      String what = "approval rule '" + name + "'";
      ApprovalTrigger trigger = trigger(reader.required(rule, "when", item, what, "when: ddl"));
      Optional<Node> quorumNode = NodeReader.optional(rule, "quorum");
      int quorum = quorumNode.isEmpty() ? 1 : reader.integer(quorumNode.get(), "'quorum'", 1);
      Set<String> approvers = reader.texts(rule, "approvers", "'approvers'");
      if (approvers.isEmpty()) {
        throw reader.error(
            item,
            what + " names no approvers",
            "Add 'approvers: [dba]': groups from the approver's token whose members may approve");
      }
      Optional<Node> tables = NodeReader.optional(rule, "tables");
      rules.add(
          new ApprovalRule(
              name,
              trigger,
              quorum,
              approvers,
              tables.isEmpty() ? List.of() : reader.qualifiedNames(tables.get(), "'tables'"),
              reader.at(item)));
    }
    return rules;
  }

  private ApprovalTrigger trigger(Node node) throws PolicyException {
    String text = reader.text(node, "'when'");
    switch (text) {
      case "ddl":
        return ApprovalTrigger.of(ApprovalTrigger.Kind.DDL);
      case "role":
        return ApprovalTrigger.of(ApprovalTrigger.Kind.ROLE);
      case "export":
        return ApprovalTrigger.of(ApprovalTrigger.Kind.EXPORT);
      case "unbounded-write":
        return ApprovalTrigger.of(ApprovalTrigger.Kind.UNBOUNDED_WRITE);
      default:
        Matcher rows = ROWS.matcher(text);
        if (rows.matches()) {
          return ApprovalTrigger.rowsAbove(Long.parseLong(rows.group(1)));
        }
        String shown = text.length() <= 40 ? text : text.substring(0, 37) + "...";
        throw reader.error(
            node,
            "'" + shown + "' is not an approval trigger",
            Suggestions.didYouMean(text, TRIGGER_WORDS)
                + "Use one of "
                + ApprovalTrigger.USAGE
                + ", e.g. when: \"rows > 1000\"");
    }
  }

  private List<ApprovalExemption> exemptions(
      Map<String, NodeTuple> entries, List<ApprovalRule> rules) throws PolicyException {
    List<ApprovalExemption> exemptions = new ArrayList<>();
    Optional<Node> node = NodeReader.optional(entries, "exempt");
    if (node.isEmpty()) {
      return exemptions;
    }
    List<String> ruleNames = rules.stream().map(ApprovalRule::name).toList();
    for (Node item : reader.list(node.get(), "'exempt'")) {
      Map<String, NodeTuple> exempt = reader.mapping(item, "an exemption");
      reader.allowOnly(exempt, EXEMPT_KEYS, "in an exemption");
      Node ruleNode = reader.required(exempt, "rule", item, "an exemption", "rule: schema-change");
      String rule = reader.text(ruleNode, "'rule'");
      if (!ruleNames.contains(rule)) {
        throw reader.error(
            ruleNode,
            "exemption names rule '" + rule + "', which is not defined",
            Suggestions.didYouMean(rule, ruleNames)
                + (ruleNames.isEmpty()
                    ? "Define the rule under 'rules' first"
                    : "Rules: " + String.join(", ", ruleNames)));
      }
      Set<String> subjects = reader.texts(exempt, "subjects", "'subjects'");
      if (subjects.isEmpty()) {
        throw reader.error(
            item,
            "exemption from '" + rule + "' names no subjects",
            "Add 'subjects: [flyway-migrator]': the identities the rule does not apply to");
      }
      Optional<Node> allowUnverified = NodeReader.optional(exempt, "allow-unverified");
      exemptions.add(
          new ApprovalExemption(
              rule,
              subjects,
              allowUnverified.isPresent()
                  && reader.bool(allowUnverified.get(), "'allow-unverified'"),
              reader.at(item)));
    }
    return exemptions;
  }
}
