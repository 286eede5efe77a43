package io.phiguard.rewrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A minimal stand-in for the policy module, used by the golden cases: what a masked identity's
 * statement would get, derived only from the public facts and rewrite results. It shows what the
 * facts must expose; the real rules live in {@code policy}.
 */
final class ReferencePolicy {

  /**
   * Built-ins that take SQL text or touch files: never for a masked identity. The same list as
   * {@code StatementJudge.DANGEROUS_FUNCTIONS} in {@code policy}.
   */
  private static final Set<String> DANGEROUS_FUNCTIONS =
      Set.of(
          "csvwrite",
          "file_write",
          "file_read",
          "query_to_xml",
          "query_to_xml_and_xmlschema",
          "table_to_xml",
          "cursor_to_xml",
          "dblink",
          "dblink_exec",
          "lo_export",
          "lo_import",
          "pg_read_file",
          "pg_read_binary_file",
          "load_file",
          "runscript",
          "link_schema");

  private ReferencePolicy() {}

  static Map<String, Object> decide(
      Analysis analysis, List<RewriteResult> results, Map<ColumnRef, Mask> masks) {
    List<String> kinds = new ArrayList<>();
    Set<String> masked = new TreeSet<>();
    Set<String> oracles = new TreeSet<>();
    Set<String> unknown = new TreeSet<>();
    Set<String> postProcess = new TreeSet<>();
    String deny = null;
    String approval = null;
    for (int i = 0; i < analysis.statements().size(); i++) {
      AnalyzedStatement statement = analysis.statements().get(i);
      StatementFacts facts = statement.facts();
      RewriteResult result = results.get(i);
      kinds.add(facts.kind().name());
      result.maskedColumns().forEach(c -> masked.add(c.shortName()));
      result
          .postProcess()
          .forEach(
              p ->
                  postProcess.add(
                      p.index()
                          + ":"
                          + p.source().shortName()
                          + ":"
                          + p.mask().kind().name().toLowerCase(Locale.ROOT)));
      facts.unknownTables().forEach(t -> unknown.add(t.qualifiedName()));
      for (ColumnUse use : facts.predicateUses()) {
        if (masks.containsKey(use.column())) {
          oracles.add(use.column().shortName() + "@" + use.clause());
        }
      }
      String reason = denyReason(statement, result, oracles, masks);
      deny = deny == null ? reason : deny;
      for (Sink sink : facts.sinks()) {
        if (sink.sources().stream().anyMatch(masks::containsKey)) {
          approval = approval == null ? "export:" + sink.kind() : approval;
        }
      }
      if (approval == null
          && (facts.kind() == StatementKind.DDL || facts.kind() == StatementKind.DCL)) {
        approval = facts.kind().name().toLowerCase(Locale.ROOT);
      }
    }
    Map<String, Object> decision = new LinkedHashMap<>();
    decision.put("kind", String.join(";", kinds));
    decision.put("masked", new ArrayList<>(masked));
    decision.put("deny", deny);
    decision.put("approval", approval);
    decision.put("postProcess", new ArrayList<>(postProcess));
    decision.put("oracles", new ArrayList<>(oracles));
    decision.put("unknown", new ArrayList<>(unknown));
    return decision;
  }

  private static String denyReason(
      AnalyzedStatement statement,
      RewriteResult result,
      Set<String> oracles,
      Map<ColumnRef, Mask> masks) {
    StatementFacts facts = statement.facts();
    if (!statement.parsed()) {
      return "cannot-analyse";
    }
    if (!facts.differentials().isEmpty()) {
      return "parser-differential";
    }
    if (!facts.fullyAnalysed()) {
      return "not-understood";
    }
    if (!result.problems().isEmpty()) {
      return result.problems().get(0).code().reason();
    }
    if (facts.tables().stream().anyMatch(t -> !t.known() && t.access() == TableUse.Access.READ)) {
      return "unknown-relation";
    }
    if (facts.tables().stream().anyMatch(t -> t.known() && t.kind().isView())) {
      return "view-unresolved";
    }
    if (facts.functions().stream().anyMatch(DANGEROUS_FUNCTIONS::contains)) {
      return "dangerous-function";
    }
    if (!facts.written().isEmpty() && facts.written().stream().anyMatch(masks::containsKey)) {
      return "masked-write";
    }
    if (!oracles.isEmpty()) {
      return "oracle";
    }
    return null;
  }
}
