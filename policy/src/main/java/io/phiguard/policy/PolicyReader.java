package io.phiguard.policy;

import io.phiguard.policy.detect.PhiDetectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** Builds a {@link Policy} from the YAML node tree of a whole file. */
final class PolicyReader {

  static final List<String> TOP_KEYS =
      List.of(
          "version",
          "mode",
          "protect",
          "unmask",
          "hash-key",
          "allow",
          "audit",
          "approvals",
          "detect");
  private static final List<String> DETECT_KEYS = List.of("mrn");
  private static final List<String> AUDIT_KEYS =
      List.of("store", "journal", "durability", "spool", "retry-max", "checkpoint-key");
  private static final List<String> ALLOW_KEYS = List.of("functions", "routines");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final NodeReader reader;

  PolicyReader(NodeReader reader) {
    this.reader = reader;
  }

  Policy read(Node root) throws PolicyException {
    Map<String, NodeTuple> top = reader.mapping(root, "the top level");
    reader.allowOnly(top, TOP_KEYS, "at top level");
    int version = version(top, root);
    Policy.Mode mode = mode(top);
    ProtectSection protect = new ProtectSection(reader);
    List<ProtectedTable> tables = protect.tables(NodeReader.optional(top, "protect"));
    List<UnmaskRule> unmask = protect.unmaskRules(NodeReader.optional(top, "unmask"), tables);
    Optional<SecretRef> hashKey = hashKey(top);
    requireHashKeyIfUsed(tables, hashKey);
    CallAllowList allow = allow(top);
    AuditSettings audit = audit(top);
    Optional<Node> approvalsNode = NodeReader.optional(top, "approvals");
    ApprovalSettings approvals =
        approvalsNode.isEmpty()
            ? ApprovalSettings.none()
            : new ApprovalsSection(reader)
                .read(NodeReader.keyNode(top, "approvals"), approvalsNode.get());
    List<String> mrnPatterns = mrnPatterns(top);
    return new Policy(
        reader.file(),
        version,
        mode,
        tables,
        unmask,
        hashKey,
        allow,
        audit,
        approvals,
        mrnPatterns);
  }

  /** {@code detect: {mrn: [regex, …]}}; each pattern must compile and must not match nothing. */
  private List<String> mrnPatterns(Map<String, NodeTuple> top) throws PolicyException {
    Optional<Node> node = NodeReader.optional(top, "detect");
    if (node.isEmpty()) {
      return List.of(PhiDetectors.DEFAULT_MRN_PATTERN);
    }
    Map<String, NodeTuple> entries = reader.mapping(node.get(), "'detect'");
    reader.allowOnly(entries, DETECT_KEYS, "in 'detect'");
    Optional<Node> mrn = NodeReader.optional(entries, "mrn");
    if (mrn.isEmpty()) {
      return List.of(PhiDetectors.DEFAULT_MRN_PATTERN);
    }
    List<Node> items = reader.list(mrn.get(), "'detect.mrn'");
    if (items.isEmpty()) {
      throw reader.error(
          mrn.get(),
          "'detect.mrn' is empty, which would detect no MRN",
          "List at least one pattern, or remove 'mrn' for the default "
              + PhiDetectors.DEFAULT_MRN_PATTERN);
    }
    List<String> patterns = new ArrayList<>();
    for (Node item : items) {
      String pattern = reader.text(item, "an item of 'detect.mrn'");
      try {
        PhiDetectors.compileMrn(pattern);
      } catch (IllegalArgumentException e) {
        throw reader.error(
            item,
            e.getMessage(),
            "Write a Java regular expression that matches the MRN itself, e.g. "
                + PhiDetectors.DEFAULT_MRN_PATTERN);
      }
      patterns.add(pattern);
    }
    return patterns;
  }

  private int version(Map<String, NodeTuple> top, Node root) throws PolicyException {
    Optional<Node> node = NodeReader.optional(top, "version");
    if (node.isEmpty()) {
      throw reader.error(
          root,
          "the policy has no 'version'",
          "Add 'version: " + Policy.CURRENT_VERSION + "' as the first line");
    }
    int version = reader.integer(node.get(), "'version'", 1);
    if (version != Policy.CURRENT_VERSION) {
      throw reader.error(
          node.get(),
          "policy file version " + version + " is not supported",
          "This PhiGuard reads version "
              + Policy.CURRENT_VERSION
              + "; write 'version: "
              + Policy.CURRENT_VERSION
              + "' or use the PhiGuard release the file was written for");
    }
    return version;
  }

  private Policy.Mode mode(Map<String, NodeTuple> top) throws PolicyException {
    Optional<Node> node = NodeReader.optional(top, "mode");
    if (node.isEmpty()) {
      return Policy.Mode.ENFORCE;
    }
    String text = reader.text(node.get(), "'mode'");
    return switch (text) {
      case "enforce" -> Policy.Mode.ENFORCE;
      case "report" -> Policy.Mode.REPORT;
      default ->
          throw reader.error(
              node.get(),
              "'" + text + "' is not a mode",
              Suggestions.didYouMean(text, List.of("enforce", "report"))
                  + "Use enforce (default) or report (evaluate and audit, enforce nothing)");
    };
  }

  private Optional<SecretRef> hashKey(Map<String, NodeTuple> top) throws PolicyException {
    return secretRef(
        NodeReader.optional(top, "hash-key"),
        "hash-key",
        "Write 'hash-key: env:PHIGUARD_HASH_KEY' or 'hash-key: file:/run/secrets/phiguard-hash-key'"
            + " and keep the key there; if the key itself was written here, replace it");
  }

  /** An {@code env:NAME} or {@code file:/path} reference under {@code key}. */
  private Optional<SecretRef> secretRef(Optional<Node> node, String key, String fix)
      throws PolicyException {
    if (node.isEmpty()) {
      return Optional.empty();
    }
    // never repeat this value in a message: if it is not a reference, it may be the key itself
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
        node.get(), "'" + key + "' must say where the key is kept, not contain it", fix);
  }

  private static void requireHashKeyIfUsed(List<ProtectedTable> tables, Optional<SecretRef> hashKey)
      throws PolicyException {
    if (hashKey.isPresent()) {
      return;
    }
    for (ProtectedTable table : tables) {
      for (ProtectedColumn column : table.columns()) {
        if (column.mask().function() == MaskFunction.HASH) {
          throw new PolicyException(
              column.location(),
              "column '"
                  + column.name()
                  + "' of table '"
                  + table.name()
                  + "' uses 'hash', but the policy has no 'hash-key'",
              "Add 'hash-key: env:PHIGUARD_HASH_KEY' at top level and keep a random key of at"
                  + " least "
                  + SecretRef.MIN_BYTES
                  + " bytes in that variable");
        }
      }
    }
  }

  private CallAllowList allow(Map<String, NodeTuple> top) throws PolicyException {
    Optional<Node> node = NodeReader.optional(top, "allow");
    if (node.isEmpty()) {
      return CallAllowList.empty();
    }
    Map<String, NodeTuple> entries = reader.mapping(node.get(), "'allow'");
    reader.allowOnly(entries, ALLOW_KEYS, "in 'allow'");
    Optional<Node> functions = NodeReader.optional(entries, "functions");
    Optional<Node> routines = NodeReader.optional(entries, "routines");
    return new CallAllowList(
        functions.isEmpty() ? List.of() : reader.qualifiedNames(functions.get(), "'functions'"),
        routines.isEmpty() ? List.of() : reader.qualifiedNames(routines.get(), "'routines'"));
  }

  private AuditSettings audit(Map<String, NodeTuple> top) throws PolicyException {
    Optional<Node> node = NodeReader.optional(top, "audit");
    if (node.isEmpty()) {
      return AuditSettings.defaults();
    }
    Map<String, NodeTuple> entries = reader.mapping(node.get(), "'audit'");
    reader.allowOnly(entries, AUDIT_KEYS, "in 'audit'");
    String store = AuditSettings.DEFAULT_STORE;
    Optional<Node> storeNode = NodeReader.optional(entries, "store");
    if (storeNode.isPresent()) {
      // not repeated in messages: a JDBC URL may carry a password
      store = reader.text(storeNode.get(), "'store'");
      if (!store.startsWith("jdbc:") && !store.startsWith("file:")) {
        throw reader.error(
            storeNode.get(),
            "'store' must be a JDBC URL or a file: URL",
            "Write e.g. 'store: jdbc:h2:file:./phiguard-audit', 'store:"
                + " jdbc:postgresql://host/audit' or 'store: file:./audit.jsonl'");
      }
    }
    Optional<Node> journalNode = NodeReader.optional(entries, "journal");
    String journal =
        journalNode.isEmpty()
            ? AuditSettings.DEFAULT_JOURNAL
            : reader.text(journalNode.get(), "'journal'");
    AuditSettings.Durability durability = AuditSettings.Durability.WRITE;
    Optional<Node> durabilityNode = NodeReader.optional(entries, "durability");
    if (durabilityNode.isPresent()) {
      String text = reader.text(durabilityNode.get(), "'durability'");
      durability =
          switch (text) {
            case "write" -> AuditSettings.Durability.WRITE;
            case "fsync" -> AuditSettings.Durability.FSYNC;
            default ->
                throw reader.error(
                    durabilityNode.get(),
                    "'" + text + "' is not a durability",
                    Suggestions.didYouMean(text, List.of("write", "fsync"))
                        + "Use write (survives the process being killed, default) or fsync (also"
                        + " survives power loss)");
          };
    }
    Optional<Node> spoolNode = NodeReader.optional(entries, "spool");
    boolean spool = spoolNode.isEmpty() || reader.bool(spoolNode.get(), "'spool'");
    Optional<Node> retryNode = NodeReader.optional(entries, "retry-max");
    java.time.Duration retryMax =
        retryNode.isEmpty()
            ? AuditSettings.DEFAULT_RETRY_MAX
            : DurationParser.parse(reader, retryNode.get(), "'retry-max'");
    Optional<SecretRef> checkpointKey =
        secretRef(
            NodeReader.optional(entries, "checkpoint-key"),
            "checkpoint-key",
            "Write 'checkpoint-key: file:/etc/phiguard/checkpoint.key' or 'checkpoint-key:"
                + " env:PHIGUARD_CHECKPOINT_KEY' (a PEM key pair) and keep the key there; if the key"
                + " itself was written here, replace it");
    return new AuditSettings(store, journal, durability, spool, retryMax, checkpointKey);
  }
}
