package io.phiguard.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads {@code protect:} and {@code unmask:}. */
final class ProtectSection {

  private static final List<String> COLUMN_KEYS = List.of("mask", "filter", "on-masked-write");
  private static final List<String> UNMASK_KEYS =
      List.of("groups", "subjects", "purposes", "tables", "allow-unverified");

  private final NodeReader reader;
  private final MaskSpecParser masks;

  ProtectSection(NodeReader reader) {
    this.reader = reader;
    this.masks = new MaskSpecParser(reader);
  }

  List<ProtectedTable> tables(Optional<Node> protect) throws PolicyException {
    List<ProtectedTable> tables = new ArrayList<>();
    if (protect.isEmpty()) {
      return tables;
    }
    for (NodeTuple entry : reader.mapping(protect.get(), "'protect'").values()) {
      Node key = entry.getKeyNode();
      QualifiedName name = reader.qualifiedName(key, "the table name");
      for (ProtectedTable earlier : tables) {
        if (earlier.name().overlaps(name)) {
          throw reader.error(
              key,
              "table '"
                  + name
                  + "' is listed twice (first at line "
                  + earlier.location().line()
                  + ")",
              "Merge the two entries into one");
        }
      }
      tables.add(table(name, key, entry.getValueNode()));
    }
    return tables;
  }

  private ProtectedTable table(QualifiedName name, Node key, Node value) throws PolicyException {
    String what = "table '" + name + "'";
    if (NodeReader.isNull(value) || (value instanceof MappingNode m && m.getValue().isEmpty())) {
      throw reader.error(
          key,
          what + " lists no columns",
          "List each protected column with its mask under it, e.g. 'ssn: partial(0, 4)'");
    }
    List<ProtectedColumn> columns = new ArrayList<>();
    for (NodeTuple entry : reader.mapping(value, what).values()) {
      Node columnKey = entry.getKeyNode();
      QualifiedName columnName = reader.qualifiedName(columnKey, "a column name of " + what);
      if (columnName.schema().isPresent()) {
        throw reader.error(
            columnKey,
            "'" + columnName + "' under " + what + " is not a column name",
            "Write the column name alone under its table; pin the schema on the table");
      }
      for (ProtectedColumn earlier : columns) {
        if (earlier.name().overlaps(columnName.name())) {
          throw reader.error(
              columnKey,
              "column '"
                  + columnName
                  + "' of "
                  + what
                  + " is listed twice (first at line "
                  + earlier.location().line()
                  + ")",
              "Keep one entry per column");
        }
      }
      columns.add(column(columnName.name(), what, columnKey, entry.getValueNode()));
    }
    return new ProtectedTable(name, columns, reader.at(key));
  }

  private ProtectedColumn column(Identifier name, String table, Node key, Node value)
      throws PolicyException {
    String what = "column '" + name + "' of " + table;
    if (isNullMask(value)) {
      return new ProtectedColumn(
          name,
          MaskSpec.of(MaskFunction.NULL),
          FilterPermission.NONE,
          OnMaskedWrite.REFUSE,
          reader.at(key));
    }
    if (NodeReader.isNull(value)) {
      throw reader.error(key, what + " has no mask", "Give it one of " + MaskFunction.USAGE);
    }
    if (!(value instanceof MappingNode)) {
      MaskSpec mask = masks.parse(value, "the mask of " + what);
      return new ProtectedColumn(
          name, mask, FilterPermission.NONE, OnMaskedWrite.REFUSE, reader.at(key));
    }
    Map<String, NodeTuple> entries = reader.mapping(value, what);
    reader.allowOnly(entries, COLUMN_KEYS, "in " + what);
    NodeTuple maskEntry = entries.get("mask");
    MaskSpec mask =
        maskEntry != null && isNullMask(maskEntry.getValueNode())
            ? MaskSpec.of(MaskFunction.NULL)
            : masks.parse(
                reader.required(entries, "mask", value, what, "mask: redact"),
                "the mask of " + what);
    FilterPermission filter = FilterPermission.NONE;
    Optional<Node> filterNode = NodeReader.optional(entries, "filter");
    if (filterNode.isPresent()) {
      String text = reader.text(filterNode.get(), "'filter' of " + what);
      filter =
          FilterPermission.byYamlName(text)
              .orElseThrow(
                  () ->
                      reader.error(
                          filterNode.get(),
                          "'" + text + "' is not a filter permission",
                          Suggestions.didYouMean(
                                  text,
                                  List.of(FilterPermission.EQUALITY_WITH_PARAMETER.yamlName()))
                              + "Use one of "
                              + FilterPermission.usage()));
    }
    OnMaskedWrite onWrite = OnMaskedWrite.REFUSE;
    Optional<Node> writeNode = NodeReader.optional(entries, "on-masked-write");
    if (writeNode.isPresent()) {
      String text = reader.text(writeNode.get(), "'on-masked-write' of " + what);
      onWrite =
          switch (text) {
            case "refuse" -> OnMaskedWrite.REFUSE;
            case "keep" -> OnMaskedWrite.KEEP;
            default ->
                throw reader.error(
                    writeNode.get(),
                    "'" + text + "' is not an on-masked-write option",
                    Suggestions.didYouMean(text, List.of("refuse", "keep"))
                        + "Use refuse (deny the write, default) or keep (keep the stored value)");
          };
    }
    return new ProtectedColumn(name, mask, filter, onWrite, reader.at(key));
  }

  /**
   * Whether {@code value} is the mask function {@code null}: YAML reads a plain {@code null} as "no
   * value", but under a column it can only mean the function. An empty value or {@code ~} stays "no
   * mask", an error.
   */
  private static boolean isNullMask(Node value) {
    return NodeReader.isNull(value)
        && value instanceof ScalarNode scalar
        && scalar.getValue().equalsIgnoreCase("null");
  }

  List<UnmaskRule> unmaskRules(Optional<Node> unmask, List<ProtectedTable> tables)
      throws PolicyException {
    List<UnmaskRule> rules = new ArrayList<>();
    if (unmask.isEmpty()) {
      return rules;
    }
    for (Node item : reader.list(unmask.get(), "'unmask'")) {
      String what = "an unmask rule";
      Map<String, NodeTuple> entries = reader.mapping(item, what);
      reader.allowOnly(entries, UNMASK_KEYS, "in " + what);
      var groups = reader.texts(entries, "groups", "'groups'");
      var subjects = reader.texts(entries, "subjects", "'subjects'");
      if (groups.isEmpty() && subjects.isEmpty()) {
        throw reader.error(
            item,
            "unmask rule names no groups or subjects",
            "Add 'groups: [clinician]' or 'subjects: [alice]': a rule for everyone would show raw"
                + " values to every caller");
      }
      List<QualifiedName> names = new ArrayList<>();
      Optional<Node> tablesNode = NodeReader.optional(entries, "tables");
      if (tablesNode.isPresent()) {
        List<Node> tableNodes = reader.list(tablesNode.get(), "'tables'");
        if (tableNodes.isEmpty()) {
          // an empty list would read as "no restriction": all tables, the opposite of what it says
          throw reader.error(
              tablesNode.get(),
              "unmask rule has an empty 'tables' list",
              "Name the tables it unmasks, or remove 'tables' to unmask every protected table");
        }
        for (Node tableNode : tableNodes) {
          QualifiedName name = reader.qualifiedName(tableNode, "an item of 'tables'");
          if (tables.stream().noneMatch(t -> name.covers(t.name()))) {
            List<String> known = tables.stream().map(t -> t.name().toString()).toList();
            throw reader.error(
                tableNode,
                "unmask rule names table '" + name + "', which is not protected",
                Suggestions.didYouMean(name.toString(), known)
                    + (known.isEmpty()
                        ? "List it under 'protect' first"
                        : "Protected tables: " + String.join(", ", known)));
          }
          names.add(name);
        }
      }
      Optional<Node> allowUnverified = NodeReader.optional(entries, "allow-unverified");
      rules.add(
          new UnmaskRule(
              groups,
              subjects,
              reader.texts(entries, "purposes", "'purposes'"),
              names,
              allowUnverified.isPresent()
                  && reader.bool(allowUnverified.get(), "'allow-unverified'"),
              reader.at(item)));
    }
    return rules;
  }
}
