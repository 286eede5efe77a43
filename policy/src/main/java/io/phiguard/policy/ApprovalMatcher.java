package io.phiguard.policy;

import io.phiguard.rewrite.Analysis;
import io.phiguard.rewrite.AnalyzedStatement;
import io.phiguard.rewrite.ColumnRef;
import io.phiguard.rewrite.Sink;
import io.phiguard.rewrite.StatementFacts;
import io.phiguard.rewrite.StatementKind;
import io.phiguard.rewrite.TableUse;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides which approval rule, if any, a statement falls under: its classes ({@code ddl}, {@code
 * role}, {@code export}, {@code unbounded-write}) against the rules' {@code when:} and {@code
 * tables:}, skipping rules the identity is exempt from. {@code rows > N} rules give a {@link
 * RowLimit} instead ({@link #rowLimit}): whether the count exceeds N is known only at execution.
 */
final class ApprovalMatcher {
  private static final Set<String> DDL_KEYWORDS =
      Set.of("create", "alter", "drop", "rename", "truncate", "comment");
  private static final Set<String> ROLE_KEYWORDS = Set.of("grant", "revoke");

  /**
   * The outcome for one statement.
   *
   * @param rule the first rule that applies and the identity is not exempt from, or empty
   * @param exemptedFrom the first rule that would apply but the identity is exempt from, or empty
   * @param covered the classes some matching rule (exempt or not) governs: refusals of those
   *     classes give way to the approval
   */
  record Match(
      Optional<ApprovalRule> rule,
      Optional<ApprovalRule> exemptedFrom,
      Set<ApprovalTrigger.Kind> covered) {
    static final Match NONE = new Match(Optional.empty(), Optional.empty(), Set.of());
  }

  private final ApprovalSettings settings;

  ApprovalMatcher(ApprovalSettings settings) {
    this.settings = settings;
  }

  /**
   * The outcome of the {@code rows > N} rules for one statement.
   *
   * @param limit the rule with the lowest N that applies and the identity is not exempt from
   * @param exemptedFrom a rule that would apply but the identity is exempt from
   */
  record RowMatch(Optional<RowLimit> limit, Optional<ApprovalRule> exemptedFrom) {
    static final RowMatch NONE = new RowMatch(Optional.empty(), Optional.empty());
  }

  private static final Set<String> AGGREGATES =
      Set.of(
          "count",
          "sum",
          "avg",
          "min",
          "max",
          "group_concat",
          "string_agg",
          "array_agg",
          "json_arrayagg",
          "json_objectagg",
          "std",
          "stddev",
          "variance",
          "bit_and",
          "bit_or",
          "bit_xor",
          "listagg");

  private static final Set<StatementKind> ESTIMABLE =
      EnumSet.of(StatementKind.SELECT, StatementKind.UPDATE, StatementKind.DELETE);

  /** Whether any rule can match at all: then every statement is classified. */
  boolean active() {
    return !settings.rules().isEmpty();
  }

  /**
   * The {@code rows > N} rule {@code analysis} is held to as {@code identity}: a {@code SELECT},
   * {@code UPDATE} or {@code DELETE} of a table the rule names (of a protected table when it names
   * none). A statement that could not be parsed is held to it too (its tables are unknown), with
   * the row cap only.
   */
  RowMatch rowLimit(
      Analysis analysis,
      Identity identity,
      Function<StatementFacts, Set<ColumnRef>> protectedColumns) {
    Optional<ApprovalRule> limit = Optional.empty();
    Optional<ApprovalRule> exempted = Optional.empty();
    boolean estimable = analysis.statements().size() == 1;
    for (AnalyzedStatement statement : analysis.statements()) {
      boolean parsed = statement.parsed();
      if (parsed && !ESTIMABLE.contains(statement.facts().kind())) {
        continue;
      }
      estimable &= parsed;
      for (ApprovalRule candidate : settings.rules()) {
        if (candidate.trigger().kind() != ApprovalTrigger.Kind.ROWS
            || !readsCovered(candidate, statement, protectedColumns)) {
          continue;
        }
        if (settings.isExempt(candidate.name(), identity)) {
          exempted = exempted.or(() -> Optional.of(candidate));
        } else if (limit.isEmpty()
            || candidate.trigger().rowThreshold() < limit.get().trigger().rowThreshold()) {
          limit = Optional.of(candidate);
        }
      }
    }
    boolean estimate = estimable;
    StatementFacts facts = estimable ? analysis.statements().get(0).facts() : null;
    long resultLimit = facts == null ? -1 : facts.resultLimit();
    boolean aggregates = facts != null && facts.functions().stream().anyMatch(AGGREGATES::contains);
    return new RowMatch(
        limit.map(rule -> new RowLimit(rule, estimate, resultLimit, aggregates)), exempted);
  }

  private static boolean readsCovered(
      ApprovalRule rule,
      AnalyzedStatement statement,
      Function<StatementFacts, Set<ColumnRef>> protectedColumns) {
    if (statement.parsed() && statement.facts().tables().isEmpty()) {
      // reads no table (SELECT 1, a table function): nothing of the rule's
      return false;
    }
    if (!statement.parsed() || !rule.tables().isEmpty()) {
      return covers(rule, statement);
    }
    return !protectedColumns.apply(statement.facts()).isEmpty();
  }

  /**
   * The match for {@code analysis} as {@code identity}; {@code protectedColumns} names the
   * protected catalog columns (for every identity) a statement's facts touch.
   */
  Match match(
      Analysis analysis,
      Identity identity,
      Function<StatementFacts, Set<ColumnRef>> protectedColumns) {
    Optional<ApprovalRule> rule = Optional.empty();
    Optional<ApprovalRule> exempted = Optional.empty();
    Set<ApprovalTrigger.Kind> covered = EnumSet.noneOf(ApprovalTrigger.Kind.class);
    for (AnalyzedStatement statement : analysis.statements()) {
      Set<ApprovalTrigger.Kind> classes = classes(statement, protectedColumns);
      if (classes.isEmpty()) {
        continue;
      }
      // the most specific class decides which approvers are asked: a CREATE TABLE AS copying
      // protected data is an export before it is DDL
      for (ApprovalRule candidate : byPriority()) {
        if (!classes.contains(candidate.trigger().kind()) || !covers(candidate, statement)) {
          continue;
        }
        covered.add(candidate.trigger().kind());
        if (settings.isExempt(candidate.name(), identity)) {
          exempted = exempted.or(() -> Optional.of(candidate));
        } else {
          rule = rule.or(() -> Optional.of(candidate));
        }
      }
    }
    return covered.isEmpty() ? Match.NONE : new Match(rule, exempted, Set.copyOf(covered));
  }

  private static final List<ApprovalTrigger.Kind> PRIORITY =
      List.of(
          ApprovalTrigger.Kind.EXPORT,
          ApprovalTrigger.Kind.ROLE,
          ApprovalTrigger.Kind.DDL,
          ApprovalTrigger.Kind.UNBOUNDED_WRITE,
          ApprovalTrigger.Kind.ROWS);

  /** The rules, most specific class first, then in file order. */
  private List<ApprovalRule> byPriority() {
    return settings.rules().stream()
        .sorted(java.util.Comparator.comparingInt(r -> PRIORITY.indexOf(r.trigger().kind())))
        .toList();
  }

  /** The classes of one statement. */
  static Set<ApprovalTrigger.Kind> classes(
      AnalyzedStatement statement, Function<StatementFacts, Set<ColumnRef>> protectedColumns) {
    Set<ApprovalTrigger.Kind> classes = EnumSet.noneOf(ApprovalTrigger.Kind.class);
    String keyword = statement.leadingKeyword().toLowerCase(Locale.ROOT);
    if (!statement.parsed()) {
      // unreadable: classed by its first word, so an unparsed DDL or GRANT still needs approval
      if (DDL_KEYWORDS.contains(keyword)) {
        classes.add(ApprovalTrigger.Kind.DDL);
      } else if (ROLE_KEYWORDS.contains(keyword)) {
        classes.add(ApprovalTrigger.Kind.ROLE);
      } else if (keyword.equals("copy")) {
        classes.add(ApprovalTrigger.Kind.EXPORT);
      }
      return classes;
    }
    StatementFacts facts = statement.facts();
    if (facts.kind() == StatementKind.DDL) {
      classes.add(ApprovalTrigger.Kind.DDL);
    }
    if (facts.kind() == StatementKind.DCL) {
      classes.add(ApprovalTrigger.Kind.ROLE);
    }
    if (facts.unboundedWrite()) {
      classes.add(ApprovalTrigger.Kind.UNBOUNDED_WRITE);
    }
    Set<ColumnRef> protectedHere = protectedColumns.apply(facts);
    for (Sink sink : facts.sinks()) {
      if (sink.kind() != Sink.Kind.ASSIGNMENT
          && sink.sources().stream().anyMatch(protectedHere::contains)) {
        classes.add(ApprovalTrigger.Kind.EXPORT);
      }
    }
    return classes;
  }

  /** Whether {@code rule}'s {@code tables:} include a table of the statement. */
  private static boolean covers(ApprovalRule rule, AnalyzedStatement statement) {
    if (rule.tables().isEmpty()) {
      return true;
    }
    List<TableUse> tables = statement.parsed() ? statement.facts().tables() : List.of();
    if (tables.isEmpty()) {
      // tables unknown (unparsed): fail closed, the rule applies
      return true;
    }
    return tables.stream().anyMatch(t -> rule.coversTable(t.schema(), t.name()));
  }
}
