package io.phiguard.driver;

import io.phiguard.rewrite.ColumnRef;
import io.phiguard.rewrite.ColumnUse;
import io.phiguard.rewrite.OutputColumn;
import io.phiguard.rewrite.Sink;
import io.phiguard.rewrite.StatementFacts;
import io.phiguard.rewrite.TableUse;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What PhiGuard would do with one statement for one identity, without running it: the facts the
 * analysis found, the decision and the rule that made it, and the SQL that would run. It holds the
 * caller's own SQL text (literals included) and names, never data read from the database.
 *
 * @param sql the statement as analysed (JDBC escapes expanded)
 * @param identity who it was judged for
 * @param decision what the gate decides
 * @param sqlState the SQLState a refusal carries, or null when it runs
 * @param rule the rule that decided ({@code protect:patients.ssn}, {@code unmask[0]} …), or empty
 * @param reason why, in words; empty when it runs unchanged
 * @param sqlToRun the statement the database would receive, or null when refused
 * @param maskedColumns the protected columns ({@code table.column}) masked for this identity
 * @param statements the facts of each statement in the text
 * @param enforced false under {@code mode: report} or without a policy: it would run unchanged
 * @param policy the policy file and version, or empty without a policy
 */
public record Explanation(
    String sql,
    String identity,
    Decision decision,
    String sqlState,
    String rule,
    String reason,
    String sqlToRun,
    List<String> maskedColumns,
    List<StatementFacts> statements,
    boolean enforced,
    String policy) {

  /** The gate's possible answers. */
  public enum Decision {
    /** Runs unchanged. */
    ALLOW,
    /** Runs rewritten, protected columns masked. */
    MASK,
    /** Refused by a policy rule ({@code 42501}). */
    DENY,
    /** Refused because it cannot be analysed ({@code 42601}). */
    CANNOT_ANALYSE,
    /** Refused because no identity is set ({@code 28000}). */
    NO_IDENTITY,
    /** Runs once a human approves it ({@code PH001} while pending). */
    NEEDS_APPROVAL
  }

  public Explanation {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(decision, "decision");
    maskedColumns = List.copyOf(maskedColumns);
    statements = List.copyOf(statements);
  }

  /** A human-readable report, as {@code ./phiguard explain} prints it. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("statement:  ").append(sql.strip()).append('\n');
    out.append("identity:   ").append(identity).append('\n');
    out.append("policy:     ").append(policy.isEmpty() ? "(none)" : policy);
    out.append(enforced ? "" : "  [not enforced: runs unchanged]").append('\n');
    out.append("decision:   ").append(decision);
    if (sqlState != null) {
      out.append(" (SQLState ").append(sqlState).append(')');
    }
    out.append('\n');
    if (!rule.isEmpty()) {
      out.append("rule:       ").append(rule).append('\n');
    }
    if (!reason.isEmpty()) {
      out.append("reason:     ").append(reason).append('\n');
    }
    if (!maskedColumns.isEmpty()) {
      out.append("masked:     ").append(String.join(", ", maskedColumns)).append('\n');
    }
    if (sqlToRun != null) {
      out.append("runs:       ").append(sqlToRun.strip()).append('\n');
    }
    for (int i = 0; i < statements.size(); i++) {
      StatementFacts facts = statements.get(i);
      out.append(statements.size() > 1 ? "facts #" + (i + 1) + ":" : "facts:").append('\n');
      out.append("  kind:     ").append(facts.kind()).append('\n');
      out.append("  tables:   ").append(join(facts.tables().stream().map(Explanation::table)));
      out.append('\n');
      if (!facts.outputs().isEmpty()) {
        out.append("  outputs:  ").append(join(facts.outputs().stream().map(Explanation::output)));
        out.append('\n');
      }
      if (!facts.predicateUses().isEmpty()) {
        out.append("  filters:  ")
            .append(join(facts.predicateUses().stream().map(Explanation::use)))
            .append('\n');
      }
      if (!facts.written().isEmpty()) {
        out.append("  writes:   ")
            .append(join(facts.written().stream().map(ColumnRef::shortName)))
            .append('\n');
      }
      if (!facts.sinks().isEmpty()) {
        out.append("  copies:   ").append(join(facts.sinks().stream().map(Explanation::sink)));
        out.append('\n');
      }
      if (!facts.functions().isEmpty()) {
        out.append("  calls:    ").append(String.join(", ", facts.functions())).append('\n');
      }
      if (!facts.fullyAnalysed()) {
        out.append("  not understood: ").append(String.join(", ", facts.notUnderstood()));
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String join(java.util.stream.Stream<String> parts) {
    String joined = parts.collect(Collectors.joining(", "));
    return joined.isEmpty() ? "-" : joined;
  }

  private static String table(TableUse use) {
    String kind = use.known() ? use.kind().name().toLowerCase(java.util.Locale.ROOT) : "unknown";
    return use.qualifiedName()
        + " ("
        + use.access().name().toLowerCase(java.util.Locale.ROOT)
        + ", "
        + kind
        + ")";
  }

  private static String output(OutputColumn column) {
    String label = column.label() == null ? "?" : column.label();
    if (column.lineage().isEmpty()) {
      return label;
    }
    return label
        + " <- "
        + column.lineage().stream()
            .map(ColumnRef::shortName)
            .sorted()
            .collect(Collectors.joining("+"));
  }

  private static String use(ColumnUse use) {
    return use.column().shortName() + " in " + use.clause();
  }

  private static String sink(Sink sink) {
    return sink.kind()
        + " "
        + sink.target()
        + " <- "
        + sink.sources().stream()
            .map(ColumnRef::shortName)
            .sorted()
            .collect(Collectors.joining("+"));
  }
}
