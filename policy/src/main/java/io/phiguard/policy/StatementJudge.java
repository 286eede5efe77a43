package io.phiguard.policy;

import io.phiguard.rewrite.Analysis;
import io.phiguard.rewrite.AnalyzedStatement;
import io.phiguard.rewrite.Catalog;
import io.phiguard.rewrite.Clause;
import io.phiguard.rewrite.ColumnDef;
import io.phiguard.rewrite.ColumnRef;
import io.phiguard.rewrite.ColumnUse;
import io.phiguard.rewrite.Mask;
import io.phiguard.rewrite.MaskOptions;
import io.phiguard.rewrite.ParameterMap;
import io.phiguard.rewrite.PostProcessColumn;
import io.phiguard.rewrite.RewriteProblem;
import io.phiguard.rewrite.RewriteResult;
import io.phiguard.rewrite.Sink;
import io.phiguard.rewrite.StatementFacts;
import io.phiguard.rewrite.StatementKind;
import io.phiguard.rewrite.TableDef;
import io.phiguard.rewrite.TableKind;
import io.phiguard.rewrite.TableUse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Judges analysed statements for one identity under a {@link Policy}: protected tables become
 * masking views, and what cannot be proven safe is denied. The layers of ARCHITECTURE.md in order:
 * fail-closed backstop, opaque references, sinks, oracle control, then the rewrite itself.
 */
public final class StatementJudge {

  /** Built-ins that take SQL text or touch files: never for an identity that sees masked values. */
  private static final Set<String> DANGEROUS_FUNCTIONS =
      Set.of(
          "csvwrite",
          "file_write",
          "file_read",
          "query_to_xml",
          "query_to_xml_and_xmlschema",
          "query_to_xmlschema",
          "table_to_xml",
          "table_to_xml_and_xmlschema",
          "cursor_to_xml",
          "schema_to_xml",
          "schema_to_xml_and_xmlschema",
          "database_to_xml",
          "database_to_xml_and_xmlschema",
          "ts_stat",
          "dblink",
          "dblink_exec",
          "lo_export",
          "lo_import",
          "pg_read_file",
          "pg_read_binary_file",
          "load_file",
          "runscript",
          "link_schema");

  /** Session settings that change how later statement text is read. */
  private static final Set<String> TEXT_SETTINGS =
      Set.of("search_path", "sql_mode", "standard_conforming_strings", "schema", "ansi_quotes");

  private final Policy policy;
  private final ApprovalMatcher approvals;
  // every protected column counts for exports, whoever copies it
  private final MaskSet everyoneMasked;

  public StatementJudge(Policy policy) {
    this.policy = policy;
    this.approvals = new ApprovalMatcher(policy.approvals());
    this.everyoneMasked = policy.maskSetFor(Identity.none());
  }

  /** Whether the policy has approval rules this judge evaluates (every statement is classified). */
  public boolean classifiesForApproval() {
    return approvals.active();
  }

  /**
   * Judges every statement of {@code analysis} for {@code identity}.
   *
   * @param maskSet {@code policy.maskSetFor(identity)}, computed once by the caller
   * @param catalog the catalog the analysis resolved names against
   */
  public Verdict judge(Analysis analysis, Identity identity, MaskSet maskSet, Catalog catalog) {
    ApprovalMatcher.Match match =
        approvals.active()
            ? approvals.match(
                analysis, identity, facts -> masksFor(facts, everyoneMasked, catalog).keySet())
            : ApprovalMatcher.Match.NONE;
    Verdict verdict =
        maskSet.masksNothing()
            ? Verdict.allow()
            : judgeMasking(analysis, identity, maskSet, catalog, match.covered());
    if (!verdict.runs()) {
      return verdict;
    }
    if (match.rule().isPresent()) {
      ApprovalRule rule = match.rule().get();
      return new Verdict(
          Verdict.Kind.NEEDS_APPROVAL,
          verdict.kind() == Verdict.Kind.MASK ? verdict.sql() : null,
          rule.name(),
          "the statement is "
              + rule.trigger()
              + " under approval rule "
              + rule.name()
              + " ("
              + rule.location()
              + ") and needs approval by "
              + String.join(", ", new TreeSet<>(rule.approvers())),
          verdict.maskedColumns(),
          verdict.parameters(),
          // once approved it runs as masked: columns masked in the driver stay masked
          verdict.postProcess());
    }
    ApprovalMatcher.RowMatch rows =
        approvals.active()
            ? approvals.rowLimit(
                analysis, identity, facts -> masksFor(facts, everyoneMasked, catalog).keySet())
            : ApprovalMatcher.RowMatch.NONE;
    Optional<ApprovalRule> exemptedFrom = match.exemptedFrom().or(rows::exemptedFrom);
    if (exemptedFrom.isPresent()) {
      String exempt = Verdict.EXEMPT_PREFIX + exemptedFrom.get().name();
      verdict = verdict.withRule(verdict.rule().isEmpty() ? exempt : verdict.rule() + ";" + exempt);
    }
    return rows.limit().map(verdict::withRowLimit).orElse(verdict);
  }

  private Verdict judgeMasking(
      Analysis analysis,
      Identity identity,
      MaskSet maskSet,
      Catalog catalog,
      Set<ApprovalTrigger.Kind> approvable) {
    List<Map<ColumnRef, ProtectedColumn>> masksPerStatement = new ArrayList<>();
    boolean anyProtected = false;
    for (AnalyzedStatement statement : analysis.statements()) {
      if (!statement.parsed()) {
        if (statement.facts().differentials().isEmpty()
            && HarmlessStatements.isHarmless(statement.leadingKeyword())) {
          masksPerStatement.add(Map.of());
          continue;
        }
        return Verdict.deny(
            Verdict.Kind.CANNOT_ANALYSE,
            "",
            "PhiGuard cannot parse this statement, and "
                + who(identity)
                + " sees masked values."
                + " Rewrite it in plain SQL the parser reads, or run it as an identity that an"
                + " unmask rule covers");
      }
      StatementFacts facts = statement.facts();
      Map<ColumnRef, ProtectedColumn> masks = masksFor(facts, maskSet, catalog);
      Optional<Verdict> refusal = refusal(facts, masks, identity, catalog, approvable);
      if (refusal.isPresent()) {
        return refusal.get();
      }
      anyProtected |= !masks.isEmpty();
      masksPerStatement.add(masks);
    }
    if (!anyProtected) {
      return Verdict.allow();
    }
    List<RewriteResult> results = new ArrayList<>();
    Set<ColumnRef> masked = new HashSet<>();
    Set<String> kept = new TreeSet<>();
    ParameterMap parameters = ParameterMap.identity();
    List<PostProcessColumn> postProcess = new ArrayList<>();
    for (int i = 0; i < analysis.statements().size(); i++) {
      AnalyzedStatement statement = analysis.statements().get(i);
      Map<ColumnRef, ProtectedColumn> rules = masksPerStatement.get(i);
      RewriteResult result =
          statement.parsed() ? statement.rewrite(masks(rules), options(rules)) : null;
      if (result == null) {
        // an unparsed harmless statement inside a string that also reads protected data
        return Verdict.deny(
            Verdict.Kind.CANNOT_ANALYSE,
            "",
            "a statement in this string cannot be parsed and another reads protected data; send"
                + " them one at a time");
      }
      if (!result.sound()) {
        Optional<Verdict> exception = exceptionRefused(result.problems().get(0), identity);
        if (exception.isPresent()) {
          return exception.get();
        }
        String code = result.problems().get(0).code().reason();
        return Verdict.deny(
            code.equals("cannot-analyse") || code.equals("not-understood")
                ? Verdict.Kind.CANNOT_ANALYSE
                : Verdict.Kind.DENY,
            "mask",
            "the statement reads protected data in a way PhiGuard cannot mask ("
                + code
                + ")."
                + " Select the protected columns plainly, or ask for an unmask rule");
      }
      if (!result.postProcess().isEmpty()) {
        if (analysis.statements().size() > 1) {
          // the driver masks one result set it can tie to one statement; with several, which
          // result set carries the raw values would be a guess
          return Verdict.deny(
              Verdict.Kind.DENY,
              "mask",
              "a column masked by hash or detect is read in a string of several statements;"
                  + " send the statement that reads it on its own");
        }
        postProcess.addAll(result.postProcess());
      }
      // every protected column the statement touches is masked for this identity, whether or not
      // its values reach the result: generated keys and RETURNING must not reveal any of them
      masked.addAll(masksPerStatement.get(i).keySet());
      result.keptColumns().forEach(c -> kept.add(c.table() + "." + c.column()));
      if (!result.parameters().isIdentity()) {
        if (analysis.multiStatement()) {
          // parameter positions restart per statement in the analysis; one statement at a time
          return Verdict.deny(
              Verdict.Kind.DENY,
              "on-masked-write",
              "a write kept under on-masked-write: keep repeats its parameter, which PhiGuard"
                  + " maps only for a single statement; send the statements one at a time");
        }
        parameters = result.parameters();
      }
      results.add(result);
    }
    // audited: the rule names every column whose stored value a write may have kept
    String rule = kept.isEmpty() ? "" : "on-masked-write:keep(" + String.join(",", kept) + ")";
    return new Verdict(
        Verdict.Kind.MASK, Analysis.join(results), rule, "", masked, parameters, postProcess);
  }

  /**
   * Whether {@code table} is the new relation of a DDL statement (CREATE TABLE, DROP … IF EXISTS):
   * it is not in the catalog because it does not exist yet, and no rows can be read through it. A
   * name the policy protects is never waved through: DDL on protected tables has its own rule.
   */
  private boolean createsUnprotectedRelation(StatementFacts facts, TableUse table) {
    return facts.kind() == StatementKind.DDL
        && table.access() == TableUse.Access.WRITE
        && policy.protect().stream().noneMatch(p -> p.matches(table.schema(), table.name()));
  }

  private static Map<ColumnRef, Mask> masks(Map<ColumnRef, ProtectedColumn> rules) {
    Map<ColumnRef, Mask> masks = new LinkedHashMap<>();
    rules.forEach((column, rule) -> masks.put(column, toMask(rule.mask())));
    return masks;
  }

  private static MaskOptions options(Map<ColumnRef, ProtectedColumn> rules) {
    Set<ColumnRef> keep = new HashSet<>();
    Set<ColumnRef> equality = new HashSet<>();
    rules.forEach(
        (column, rule) -> {
          if (rule.onMaskedWrite() == OnMaskedWrite.KEEP) {
            keep.add(column);
          }
          if (rule.filter() == FilterPermission.EQUALITY_WITH_PARAMETER) {
            equality.add(column);
          }
        });
    return new MaskOptions(keep, equality);
  }

  /** A refusal naming the policy option whose exception could not be applied exactly. */
  private Optional<Verdict> exceptionRefused(RewriteProblem problem, Identity identity) {
    String column = problem.detail();
    String rule = "protect:" + column;
    switch (problem.code()) {
      case KEEP_NOT_REWRITABLE:
        return deny(
            Verdict.Kind.DENY,
            rule,
            column
                + " is masked for "
                + who(identity)
                + " (on-masked-write: keep), and this write of it cannot keep the stored value"
                + " exactly: write a bound parameter, a literal or the proposed row's value"
                + " (EXCLUDED.col, VALUES(col)) in UPDATE/ON CONFLICT/ON DUPLICATE KEY/MERGE, and"
                + " do not REPLACE or UPSERT rows; or leave the column out");
      case RAW_EQUALITY_NOT_REWRITABLE:
        return deny(
            Verdict.Kind.DENY,
            rule,
            column
                + " is masked for "
                + who(identity)
                + " (filter: equality-with-parameter), but this equality cannot test the raw"
                + " column: write it against the table itself (not a derived table or CTE), on a"
                + " table with a single-column primary key that is not masked");
      default:
        return Optional.empty();
    }
  }

  /** The rule of every protected column of every known table the statement uses. */
  private Map<ColumnRef, ProtectedColumn> masksFor(
      StatementFacts facts, MaskSet maskSet, Catalog catalog) {
    Map<ColumnRef, ProtectedColumn> masks = new LinkedHashMap<>();
    for (TableUse use : facts.tables()) {
      if (!use.known()) {
        continue;
      }
      Optional<TableDef> table = catalog.table(use.schema(), use.name());
      if (table.isEmpty()) {
        continue;
      }
      List<ProtectedColumn> columns = maskSet.columnsToMask(use.schema(), use.name());
      // a child or partition of a protected table is protected as its ancestor is
      for (TableDef.Name ancestor : table.get().ancestors()) {
        if (!columns.isEmpty()) {
          break;
        }
        columns = maskSet.columnsToMask(ancestor.schema(), ancestor.name());
      }
      if (columns.isEmpty()) {
        continue;
      }
      for (ColumnDef column : table.get().columns()) {
        for (ProtectedColumn rule : columns) {
          if (rule.matches(column.name())) {
            masks.put(table.get().ref(column), rule);
          }
        }
      }
    }
    return masks;
  }

  private Optional<Verdict> refusal(
      StatementFacts facts,
      Map<ColumnRef, ProtectedColumn> masks,
      Identity identity,
      Catalog catalog,
      Set<ApprovalTrigger.Kind> approvable) {
    if (!facts.differentials().isEmpty()) {
      return deny(
          Verdict.Kind.CANNOT_ANALYSE,
          "",
          "executable comments (/*! … */) are read differently by the server and the parser;"
              + " remove them");
    }
    for (String setting : facts.sessionSettings()) {
      if (TEXT_SETTINGS.contains(setting.toLowerCase(Locale.ROOT))) {
        return deny(
            Verdict.Kind.DENY,
            "session",
            "changing "
                + setting
                + " changes how PhiGuard must read later statements; "
                + who(identity)
                + " may not change it. Qualify names with their schema instead");
      }
    }
    if (!facts.fullyAnalysed()) {
      return deny(
          Verdict.Kind.CANNOT_ANALYSE,
          "",
          "the statement uses a construct PhiGuard does not analyse yet ("
              + String.join(", ", facts.notUnderstood())
              + "), and "
              + who(identity)
              + " sees masked values. Rewrite it, or run it as an identity an unmask rule covers");
    }
    if (facts.kind() == StatementKind.CALL
        && (facts.functions().isEmpty()
            || !facts.functions().stream()
                .allMatch(f -> policy.allow().allowsRoutine(null, unqualified(f))))) {
      // a procedure can read protected tables where no view can mask them
      return deny(
          Verdict.Kind.DENY,
          "routines",
          "procedures may read protected data unmasked; "
              + who(identity)
              + " may call only"
              + " routines listed under allow.routines");
    }
    for (TableUse table : facts.tables()) {
      if (!table.known() && createsUnprotectedRelation(facts, table)) {
        continue;
      }
      if (!table.known()) {
        return deny(
            Verdict.Kind.DENY,
            "catalog",
            "relation "
                + table.qualifiedName()
                + " is not a table PhiGuard knows (it may be a"
                + " view, a system catalog or a temporary table over protected data). "
                + who(identity)
                + " may read only tables in the database catalog");
      }
      if (table.kind() == TableKind.OTHER) {
        // e.g. an H2 SYNONYM: its rows are another table's, which PhiGuard cannot name
        return deny(
            Verdict.Kind.DENY,
            "catalog",
            "relation "
                + table.qualifiedName()
                + " is neither a table nor a view (it may be a synonym of a protected table); "
                + who(identity)
                + " may read only tables. Read the table it stands for directly");
      }
      if (table.kind().isView()) {
        return deny(
            Verdict.Kind.DENY,
            "catalog",
            "view "
                + table.qualifiedName()
                + " cannot be resolved to its tables yet; read the"
                + " tables directly");
      }
    }
    for (String function : facts.functions()) {
      if (catalog.isUserRoutine(unqualified(function))
          && !policy.allow().allowsFunction(null, unqualified(function))) {
        return deny(
            Verdict.Kind.DENY,
            "routines",
            "function "
                + function
                + " is user code that may read protected data unmasked; "
                + who(identity)
                + " may call it only if it is listed under allow.functions");
      }
    }
    for (String function : facts.functions()) {
      if (DANGEROUS_FUNCTIONS.contains(unqualified(function))
          && !policy.allow().allowsFunction(null, function)) {
        return deny(
            Verdict.Kind.DENY,
            "functions",
            "function "
                + function
                + " takes SQL text or touches files; "
                + who(identity)
                + " may not call it. Allow it under allow.functions if it is safe here");
      }
    }
    if (masks.isEmpty()) {
      return Optional.empty();
    }
    if (identity.isNone()) {
      return deny(
          Verdict.Kind.NO_IDENTITY,
          "identity",
          "the statement reads protected data and no identity is set. Set phiguard.subject, or"
              + " run it inside PhiGuard.actingAs(identity)");
    }
    for (ColumnRef written : facts.written()) {
      // keep: the rewrite keeps the stored value where the masked rendering is written back
      if (masks.containsKey(written) && masks.get(written).onMaskedWrite() != OnMaskedWrite.KEEP) {
        return deny(
            Verdict.Kind.DENY,
            rule(written),
            written.shortName()
                + " is masked for "
                + who(identity)
                + ", who may not write it"
                + " (on-masked-write: refuse): a masked value would overwrite the real one."
                + " Leave the column out of the statement, or set on-masked-write: keep");
      }
    }
    for (Sink sink : facts.sinks()) {
      if (approvable.contains(ApprovalTrigger.Kind.EXPORT) && sink.kind() != Sink.Kind.ASSIGNMENT) {
        // an approval rule governs this export: a human decides, and the copy is masked
        continue;
      }
      if (sink.sources().stream().anyMatch(masks::containsKey)) {
        return deny(
            Verdict.Kind.DENY,
            "export",
            "copying protected data ("
                + sink.kind()
                + ") is an export; no approval rule (when: export) covers it, so it is"
                + " refused. Add one under approvals.rules to let a human approve it");
      }
    }
    boolean approvableChange =
        facts.kind() == StatementKind.DDL
            ? approvable.contains(ApprovalTrigger.Kind.DDL)
                // CREATE TABLE AS copying protected data: the export's approval covers it
                || (approvable.contains(ApprovalTrigger.Kind.EXPORT) && !facts.sinks().isEmpty())
            : approvable.contains(ApprovalTrigger.Kind.ROLE);
    if ((facts.kind() == StatementKind.DDL || facts.kind() == StatementKind.DCL)
        && !approvableChange) {
      return deny(
          Verdict.Kind.DENY,
          facts.kind().name().toLowerCase(Locale.ROOT),
          "schema and privilege changes on protected tables need approval, and no approval rule"
              + " (when: ddl or role) covers this one. Add one under approvals.rules");
    }
    for (ColumnUse use : facts.predicateUses()) {
      if (masks.containsKey(use.column()) && !sanctioned(use, masks.get(use.column()))) {
        return deny(
            Verdict.Kind.DENY,
            rule(use.column()),
            use.column().shortName()
                + " is masked for "
                + who(identity)
                + " and may not be"
                + " used in "
                + use.clause()
                + ": filtering, joining or sorting on a masked"
                + " column reveals its values. Use a non-protected column, or an unmask rule");
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code use} is the narrow oracle a policy may sanction: {@code col = ?} with a bound
   * parameter, under AND/OR only, in a WHERE or ON (of a query, an UPDATE, a DELETE or a MERGE).
   * Under NOT it is refused although it tells no more than the equality: its rewrite would differ
   * where the column is NULL, and {@code col <> ?} is not equality.
   */
  private static boolean sanctioned(ColumnUse use, ProtectedColumn rule) {
    return rule.filter() == FilterPermission.EQUALITY_WITH_PARAMETER
        && use.equalityWithParameter()
        && (use.clause() == Clause.WHERE
            || use.clause() == Clause.JOIN
            || use.clause() == Clause.DML_WHERE);
  }

  /**
   * The function's own name, lower case, without schema and quotes: {@code pg_catalog.query_to_xml}
   * and {@code "QUERY_TO_XML"} are the same built-in as {@code query_to_xml}.
   */
  static String unqualified(String function) {
    String name = function;
    int dot = name.lastIndexOf('.');
    if (dot >= 0) {
      name = name.substring(dot + 1);
    }
    return name.replace("\"", "").replace("`", "").strip().toLowerCase(Locale.ROOT);
  }

  private static Optional<Verdict> deny(Verdict.Kind kind, String rule, String reason) {
    return Optional.of(Verdict.deny(kind, rule, reason));
  }

  private String rule(ColumnRef column) {
    return "protect:" + column.table() + "." + column.column();
  }

  private static String who(Identity identity) {
    return identity.isNone() ? "a caller without identity" : identity.subject();
  }

  static Mask toMask(MaskSpec spec) {
    return switch (spec.function()) {
      case REDACT -> Mask.redact();
      case NULL -> Mask.nullify();
      case PARTIAL -> Mask.partial(spec.keepFirst(), spec.keepLast(), spec.fill());
      case EMAIL -> Mask.email();
      case YEAR -> Mask.year();
      case ZIP3 -> Mask.zip3();
      case HASH -> Mask.hash();
      case DETECT -> Mask.detect();
    };
  }
}
