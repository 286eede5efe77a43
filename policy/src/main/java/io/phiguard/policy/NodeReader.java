package io.phiguard.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed access to YAML nodes that turns every mismatch into a {@link PolicyException} at the node's
 * position. Messages describe what was found by kind ("a list", "a text"), never by value: the
 * value may be a secret.
 */
final class NodeReader {

  private final String file;

  NodeReader(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  SourceLocation at(Node node) {
    return node.getStartMark().map(this::at).orElse(SourceLocation.ofFile(file));
  }

  SourceLocation at(Mark mark) {
    return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  PolicyException error(Node node, String problem, String fix) {
    return new PolicyException(at(node), problem, fix);
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  /**
   * The entries of a mapping by key, in file order; refuses other kinds of node, keys that are not
   * plain values and keys written twice.
   */
  Map<String, NodeTuple> mapping(Node node, String what) throws PolicyException {
    if (!(node instanceof MappingNode mapping)) {
      throw error(
          node,
          what + " must be a mapping of 'key: value' entries, found " + kind(node),
          "Write one 'key: value' per line, indented under it, or '{ key: value, … }'");
    }
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
        throw error(
            keyNode,
            "a key in " + what + " is " + kind(keyNode) + ", not a name",
            "Write keys as plain names");
      }
      String key = scalar.getValue();
      NodeTuple first = entries.putIfAbsent(key, tuple);
      if (first != null) {
        throw error(
            keyNode,
            "duplicate key '" + key + "' in " + what + " (first at line " + line(first) + ")",
            "Remove one of the two, or merge them: YAML keeps only one");
      }
    }
    return entries;
  }

  /** Refuses keys outside {@code allowed}, suggesting the closest allowed key. */
  void allowOnly(Map<String, NodeTuple> entries, List<String> allowed, String where)
      throws PolicyException {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw error(
            e.getValue().getKeyNode(),
            "unknown key '" + e.getKey() + "' " + where,
            Suggestions.didYouMean(e.getKey(), allowed)
                + "Keys allowed here: "
                + String.join(", ", allowed));
      }
    }
  }

  /** The value of {@code key}, absent if the key is missing or its value is empty ({@code ~}). */
  static Optional<Node> optional(Map<String, NodeTuple> entries, String key) {
    NodeTuple tuple = entries.get(key);
    if (tuple == null || isNull(tuple.getValueNode())) {
      return Optional.empty();
    }
    return Optional.of(tuple.getValueNode());
  }

  /** The key node of {@code key}, for messages about the entry as a whole. */
  static Node keyNode(Map<String, NodeTuple> entries, String key) {
    return entries.get(key).getKeyNode();
  }

  Node required(Map<String, NodeTuple> entries, String key, Node owner, String what, String example)
      throws PolicyException {
    Optional<Node> value = optional(entries, key);
    if (value.isEmpty()) {
      Node at = entries.containsKey(key) ? entries.get(key).getKeyNode() : owner;
      throw error(at, what + " needs '" + key + "'", "Add it, e.g. '" + example + "'");
    }
    return value.get();
  }

  /** A single value, as text (numbers and booleans included, as written). */
  String text(Node node, String what) throws PolicyException {
    if (!(node instanceof ScalarNode scalar) || isNull(node)) {
      throw error(
          node,
          what + " must be a single value, found " + kind(node),
          "Write one value after the colon; quote it if it contains ': ' or starts with a"
              + " special character");
    }
    String value = scalar.getValue().strip();
    if (value.isEmpty()) {
      throw error(node, what + " is empty", "Write a value after the colon");
    }
    return value;
  }

  /** A whole number of at least {@code min}. */
  int integer(Node node, String what, int min) throws PolicyException {
    if (!(node instanceof ScalarNode scalar) || !Tag.INT.equals(node.getTag())) {
      throw error(
          node,
          what + " must be a whole number, found " + kind(node),
          "Write a number of at least " + min + ", without quotes");
    }
    long value;
    try {
      value = Long.parseLong(scalar.getValue());
    } catch (NumberFormatException e) {
      // YAML 1.2 also reads 0x1F and 0o17 as integers; a policy has no use for them
      throw error(node, what + " must be a decimal number", "Write it in decimal, e.g. 2");
    }
    if (value < min || value > Integer.MAX_VALUE) {
      throw error(node, what + " must be at least " + min, "Write a number of at least " + min);
    }
    return (int) value;
  }

  /** {@code true} or {@code false}. */
  boolean bool(Node node, String what) throws PolicyException {
    if (!(node instanceof ScalarNode scalar) || !Tag.BOOL.equals(node.getTag())) {
      throw error(
          node,
          what + " must be true or false, found " + kind(node),
          "Write true or false (in YAML 1.2, yes/no/on/off are text)");
    }
    return Boolean.parseBoolean(scalar.getValue().toLowerCase(java.util.Locale.ROOT));
  }

  /** The items of a list; an empty value is an empty list. */
  List<Node> list(Node node, String what) throws PolicyException {
    if (isNull(node)) {
      return List.of();
    }
    if (!(node instanceof SequenceNode sequence)) {
      throw error(
          node,
          what + " must be a list, found " + kind(node),
          "Write a list: '[a, b]', or one '- item' per line");
    }
    return new ArrayList<>(sequence.getValue());
  }

  /** A list of single values, e.g. group names; duplicates collapse. */
  Set<String> texts(Node node, String what) throws PolicyException {
    Set<String> values = new LinkedHashSet<>();
    for (Node item : list(node, what)) {
      values.add(text(item, "an item of " + what));
    }
    return values;
  }

  /** Like {@link #texts} for an optional key. */
  Set<String> texts(Map<String, NodeTuple> entries, String key, String what)
      throws PolicyException {
    Optional<Node> node = optional(entries, key);
    return node.isEmpty() ? Set.of() : texts(node.get(), what);
  }

  /** A table or routine name, {@code name} or {@code schema.name}, parts optionally quoted. */
  QualifiedName qualifiedName(Node node, String what) throws PolicyException {
    String text = text(node, what);
    try {
      return QualifiedName.parse(text);
    } catch (IllegalArgumentException e) {
      throw error(
          node,
          what + " is not a valid name: " + e.getMessage(),
          "Write name or schema.name; for a case-sensitive name put double quotes inside YAML"
              + " quotes, e.g. '\"Patients\"'");
    }
  }

  /** A list of table or routine names. */
  List<QualifiedName> qualifiedNames(Node node, String what) throws PolicyException {
    List<QualifiedName> names = new ArrayList<>();
    for (Node item : list(node, what)) {
      names.add(qualifiedName(item, "an item of " + what));
    }
    return names;
  }

  /** What a node is, for messages: never its value. */
  static String kind(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    Tag tag = node.getTag();
    if (Tag.NULL.equals(tag)) {
      return "nothing";
    }
    if (Tag.BOOL.equals(tag)) {
      return "true/false";
    }
    if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
      return "a number";
    }
    return "a text";
  }

  private static int line(NodeTuple tuple) {
    return tuple.getKeyNode().getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }
}
