package io.phiguard.driver;

import io.phiguard.policy.ApprovalRule;
import io.phiguard.policy.Identity;
import io.phiguard.policy.MaskSet;
import io.phiguard.policy.Policy;
import io.phiguard.policy.PolicyException;
import io.phiguard.policy.Pseudonymizer;
import io.phiguard.policy.Verdict;
import io.phiguard.rewrite.AnalyzedStatement;
import io.phiguard.rewrite.Catalog;
import io.phiguard.rewrite.ColumnRef;
import io.phiguard.rewrite.JdbcEscapes;
import io.phiguard.rewrite.MalformedEscapeException;
import io.phiguard.rewrite.MaskKind;
import io.phiguard.rewrite.ParameterMap;
import io.phiguard.rewrite.SqlKeywords;
import io.phiguard.rewrite.StatementFacts;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one place every SQL-carrying JDBC call passes through. It expands JDBC escapes, judges the
 * statement under the policy for the identity of that moment (masking protected tables by
 * rewriting, denying what cannot be proven safe), and tells the {@link GateListener} before
 * anything runs.
 *
 * <p>Without a policy, or with {@code mode: report}, every statement runs unchanged. An identity
 * that an unmask rule covers for every protected table runs unchanged too, without analysis.
 */
public final class StatementGate {
  private static final AtomicLong DECISIONS = new AtomicLong();
  private static final Set<String> DDL_KEYWORDS =
      Set.of("create", "alter", "drop", "rename", "truncate", "comment");
  private static final Set<String> SESSION_KEYWORDS = Set.of("set", "use", "reset");

  private final GateListener listener;
  private final Policy policy;
  // the configured policy, enforced or not: explain() shows what it would decide
  private final Policy configured;
  // fixed with the policy: read by every prepared statement to decide whether to digest its values
  private final boolean holdsForApproval;
  private volatile Pseudonymizer pseudonymizer;
  private volatile ApprovalWaiter waiter;

  /**
   * @param listener told of every decision and outcome
   * @param policy the enforced policy, or null for none
   */
  public StatementGate(GateListener listener, Policy policy) {
    this.listener = listener;
    this.configured = policy;
    this.policy = policy != null && policy.mode() == Policy.Mode.ENFORCE ? policy : null;
    this.holdsForApproval = this.policy != null && !this.policy.approvals().rules().isEmpty();
  }

  /** A gate without policy: every statement runs unchanged, and the listener hears of it. */
  public StatementGate(GateListener listener) {
    this(listener, null);
  }

  /**
   * Judges one statement as the identity in effect now on {@code context}'s connection.
   *
   * @param escapeProcessing whether the delegate will expand JDBC escapes in {@code sql}
   * @return the decision, whose {@link GateDecision#sql()} is what the delegate must run
   * @throws SQLException a PhiGuard refusal, or the listener's refusal to record the decision
   */
  public GateDecision decide(
      Operation operation, String sql, boolean escapeProcessing, ConnectionContext context)
      throws SQLException {
    long id = DECISIONS.incrementAndGet();
    Identity identity;
    try {
      identity = context.identityNow();
    } catch (SQLException refusal) {
      // an invalid or expired token: audited as a denial without an identity
      GateRequest request =
          new GateRequest(
              operation,
              sql == null ? "" : sql,
              sql == null ? "" : sql,
              Identity.none(),
              context.info());
      denied(
          new GateDecision(
              id, null, "identity", request, GateDecision.Action.DENY, List.of(), List.of()),
          refusal);
      throw refusal;
    }
    if (sql == null) {
      throw PhiGuardErrors.of(
          SqlState.CANNOT_ANALYSE, "the statement is null; pass the SQL text to run", "", id);
    }
    String analysed = sql;
    if (escapeProcessing) {
      try {
        analysed = JdbcEscapes.expand(sql, context.info().dialect());
      } catch (MalformedEscapeException e) {
        throw PhiGuardErrors.of(
            SqlState.CANNOT_ANALYSE,
            "cannot analyse the statement: "
                + e.getMessage()
                + ". Fix the JDBC escape syntax ({fn …}, {call …}, {d '…'} …)",
            "",
            id);
      }
    }
    GateRequest request = new GateRequest(operation, sql, analysed, identity, context.info());
    GateDecision decision;
    if (policy == null || sql.isBlank()) {
      decision =
          new GateDecision(id, sql, "", request, GateDecision.Action.ALLOW, List.of(), List.of());
    } else {
      // the identity's masks, once per statement: the judge and the result set both need them
      MaskSet maskSet = policy.maskSetFor(identity);
      Verdict verdict;
      try {
        verdict = judge(analysed, identity, maskSet, context, id);
      } catch (SQLException refusal) {
        String rule = refusal instanceof PhiGuardException p ? p.rule() : "";
        denied(
            new GateDecision(
                id, null, rule, request, GateDecision.Action.DENY, List.of(), List.of()),
            refusal);
        throw refusal;
      }
      boolean needsApproval = verdict.kind() == Verdict.Kind.NEEDS_APPROVAL;
      // once approved, a masked identity's export runs masked: the rewrite is in verdict.sql()
      boolean masked =
          verdict.kind() == Verdict.Kind.MASK || (needsApproval && verdict.sql() != null);
      ResultMasks resultMasks;
      try {
        resultMasks = masked ? resultMasks(verdict, maskSet, id) : verifyingOnly(maskSet, id);
      } catch (SQLException refusal) {
        denied(
            new GateDecision(
                id, null, "hash-key", request, GateDecision.Action.DENY, List.of(), List.of()),
            refusal);
        throw refusal;
      }
      decision =
          new GateDecision(
              id,
              masked ? verdict.sql() : sql,
              verdict.rule(),
              request,
              masked ? GateDecision.Action.MASK : GateDecision.Action.ALLOW,
              List.of(),
              verdict.maskedColumns().stream()
                  .map(c -> c.table() + "." + c.column())
                  .sorted()
                  .toList(),
              masked ? verdict.parameters() : ParameterMap.identity(),
              resultMasks,
              needsApproval ? verdict.rule() : "",
              null,
              verdict.rowLimit() == null ? null : RowCheck.of(verdict.rowLimit()),
              List.of());
      if (needsApproval) {
        // approvers see which tables and protected columns the statement touches (names only)
        decision = withScope(decision, analysed, context);
      }
    }
    listener.onDecision(request, decision);
    return decision;
  }

  /**
   * The Java-side masks of a masked statement: its post-processed columns, and the identity's mask
   * set for verifying the result's lineage.
   */
  private ResultMasks resultMasks(Verdict verdict, MaskSet maskSet, long id) throws SQLException {
    boolean hashes = verdict.postProcess().stream().anyMatch(c -> c.mask().kind() == MaskKind.HASH);
    return new ResultMasks(
        verdict.postProcess(),
        maskSet,
        hashes ? pseudonymizer(id) : pseudonymizerIfReadable(id),
        policy.detectors());
  }

  /**
   * For a statement allowed as written: verified on the way out when the identity sees some tables
   * masked, since an analysis that saw no protected table may have missed one (a name the server
   * resolves differently); nothing to do for an identity that sees everything raw.
   */
  private ResultMasks verifyingOnly(MaskSet maskSet, long id) {
    if (maskSet.masksNothing()) {
      return ResultMasks.NONE;
    }
    return new ResultMasks(List.of(), maskSet, pseudonymizerIfReadable(id), policy.detectors());
  }

  /** The policy's hash key, read once; a key that cannot be read refuses the statement. */
  private Pseudonymizer pseudonymizer(long id) throws SQLException {
    Pseudonymizer known = pseudonymizer;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (pseudonymizer == null) {
        if (policy.hashKey().isEmpty()) {
          throw PhiGuardErrors.of(
              SqlState.POLICY_DENIED,
              "a column masked by hash is read, but " + policy.fileName() + " has no hash-key",
              "hash-key",
              id);
        }
        byte[] key;
        try {
          key = policy.hashKey().get().resolve();
        } catch (PolicyException e) {
          // the message names the reference (env:/file:), never the key
          throw PhiGuardErrors.of(
              SqlState.POLICY_DENIED,
              "the hash-key cannot be read: " + e.getMessage(),
              "hash-key",
              id);
        }
        try {
          pseudonymizer = new Pseudonymizer(key);
        } finally {
          Arrays.fill(key, (byte) 0);
        }
      }
      return pseudonymizer;
    }
  }

  /** For a lineage miss on a hash column: the pseudonymizer if the key was read already. */
  private Pseudonymizer pseudonymizerIfReadable(long id) {
    if (policy.hashKey().isEmpty()) {
      return null;
    }
    try {
      return pseudonymizer(id);
    } catch (SQLException e) {
      // a lineage miss on a hash column is then refused rather than pseudonymized
      return null;
    }
  }

  /**
   * {@code decision} with the tables it uses and the protected columns it reads, writes or copies
   * (whoever runs it), from the cached analysis: what approvers are shown, names only.
   */
  private GateDecision withScope(GateDecision decision, String analysed, ConnectionContext context)
      throws SQLException {
    PolicyEngine engine = context.engine(policy);
    Catalog catalog = engine.catalog(context.raw());
    List<StatementFacts> facts =
        engine.analyze(analysed, catalog, context.searchPath()).statements().stream()
            .filter(AnalyzedStatement::parsed)
            .map(AnalyzedStatement::facts)
            .toList();
    List<String> tables =
        facts.stream()
            .flatMap(f -> f.tables().stream())
            .map(t -> t.qualifiedName())
            .distinct()
            .sorted()
            .toList();
    MaskSet everyone = policy.maskSetFor(Identity.none());
    List<String> columns =
        facts.stream()
            .flatMap(f -> Stream.concat(f.columnsRead().stream(), f.written().stream()))
            .filter(
                c ->
                    everyone.columnsToMask(c.schema(), c.table()).stream()
                        .anyMatch(p -> p.matches(c.column())))
            .map(c -> c.table() + "." + c.column())
            .distinct()
            .sorted()
            .toList();
    return decision.withScope(tables, columns);
  }

  private void denied(GateDecision decision, SQLException refusal) {
    try {
      listener.onDenied(decision, refusal);
    } catch (RuntimeException e) {
      // the refusal stands whatever the listener does
    }
  }

  private Verdict judge(
      String analysed, Identity identity, MaskSet maskSet, ConnectionContext context, long id)
      throws SQLException {
    PolicyEngine engine = context.engine(policy);
    // with approval rules every statement is classified, whoever runs it (cached like verdicts)
    if (maskSet.masksNothing() && !engine.judge().classifiesForApproval()) {
      return new Verdict(Verdict.Kind.ALLOW, null, "", "", Set.of());
    }
    Verdict verdict;
    try {
      Catalog catalog = engine.catalog(context.raw());
      verdict = engine.verdict(analysed, identity, maskSet, catalog, context.searchPath());
      if ("catalog".equals(verdict.rule()) && engine.refreshIfStale(context.raw())) {
        // a relation the catalog lacks may have been created since it was loaded
        catalog = engine.catalog(context.raw());
        verdict = engine.verdict(analysed, identity, maskSet, catalog, context.searchPath());
      }
    } catch (SQLException e) {
      // the catalog could not be read: nothing can be proven safe
      throw PhiGuardErrors.of(
          SqlState.CANNOT_ANALYSE,
          "cannot read the database catalog to analyse the statement (SQLState "
              + e.getSQLState()
              + "). Check the connection's metadata privileges",
          "",
          id);
    }
    SqlState state =
        switch (verdict.kind()) {
          case ALLOW, MASK, NEEDS_APPROVAL -> null;
          case DENY -> SqlState.POLICY_DENIED;
          case CANNOT_ANALYSE -> SqlState.CANNOT_ANALYSE;
          case NO_IDENTITY -> SqlState.INVALID_IDENTITY;
        };
    if (state != null) {
      String rule = verdict.rule().isEmpty() ? "" : " by rule " + verdict.rule();
      throw PhiGuardErrors.of(
          state,
          "denied" + rule + " (" + policy.fileName() + "): " + verdict.reason(),
          verdict.rule(),
          id);
    }
    return verdict;
  }

  /**
   * What {@link #decide} would answer for {@code sql} as {@code identity}, without running it,
   * without telling the listener, and without refusing: a refusal is part of the answer.
   */
  public Explanation explain(String sql, Identity identity, ConnectionContext context)
      throws SQLException {
    String analysed;
    try {
      analysed = JdbcEscapes.expand(sql, context.info().dialect());
    } catch (MalformedEscapeException e) {
      return refusedUnread(sql, identity, e.getMessage());
    }
    String policyName =
        configured == null ? "" : configured.fileName() + " @ " + configured.policyVersion();
    if (configured == null) {
      return new Explanation(
          analysed,
          identity.toString(),
          Explanation.Decision.ALLOW,
          null,
          "",
          "no policy",
          analysed,
          List.of(),
          List.of(),
          false,
          "");
    }
    PolicyEngine engine = context.engine(configured);
    Catalog catalog = engine.catalog(context.raw());
    List<StatementFacts> facts =
        engine.analyze(analysed, catalog, context.searchPath()).statements().stream()
            .map(AnalyzedStatement::facts)
            .toList();
    MaskSet maskSet = configured.maskSetFor(identity);
    Verdict verdict =
        maskSet.masksNothing() && !engine.judge().classifiesForApproval()
            ? new Verdict(Verdict.Kind.ALLOW, null, "", "", Set.of())
            : engine.verdict(analysed, identity, maskSet, catalog, context.searchPath());
    Explanation.Decision decision = Explanation.Decision.valueOf(verdict.kind().name());
    String state =
        switch (verdict.kind()) {
          case ALLOW, MASK -> null;
          case NEEDS_APPROVAL -> SqlState.APPROVAL_PENDING.code();
          case DENY -> SqlState.POLICY_DENIED.code();
          case CANNOT_ANALYSE -> SqlState.CANNOT_ANALYSE.code();
          case NO_IDENTITY -> SqlState.INVALID_IDENTITY.code();
        };
    String toRun =
        switch (verdict.kind()) {
          case ALLOW -> analysed;
          case MASK -> verdict.sql();
          case NEEDS_APPROVAL -> verdict.sql() != null ? verdict.sql() : analysed;
          default -> null;
        };
    String reason =
        maskSet.masksNothing() && verdict.kind() == Verdict.Kind.ALLOW
            ? "no protected column is masked for this identity"
            : verdict.reason();
    if (verdict.rowLimit() != null) {
      // whether it is held depends on the planner's estimate with the values of the execution
      ApprovalRule rows = verdict.rowLimit().rule();
      reason =
          (reason.isEmpty() ? "" : reason + "; ")
              + "held to approval rule "
              + rows.name()
              + " ("
              + rows.trigger()
              + "): above that many rows by the planner's estimate when it runs, it needs"
              + " approval; otherwise reading stops with PH006 after "
              + verdict.rowLimit().threshold()
              + " rows";
    }
    return new Explanation(
        analysed,
        identity.toString(),
        decision,
        state,
        verdict.rule(),
        reason,
        toRun,
        verdict.maskedColumns().stream().map(ColumnRef::shortName).sorted().toList(),
        facts,
        policy != null,
        policyName);
  }

  private Explanation refusedUnread(String sql, Identity identity, String why) {
    return new Explanation(
        sql,
        identity.toString(),
        Explanation.Decision.CANNOT_ANALYSE,
        SqlState.CANNOT_ANALYSE.code(),
        "",
        why,
        null,
        List.of(),
        List.of(),
        policy != null,
        configured == null ? "" : configured.fileName() + " @ " + configured.policyVersion());
  }

  /**
   * Reports a lineage miss in a result set of {@code decision}: a protected column the analysis did
   * not mask, now masked in Java. Never throws.
   */
  public void lineageMiss(GateDecision decision, String column, int index) {
    try {
      listener.onLineageMiss(decision, column, index);
    } catch (RuntimeException e) {
      // the column is masked whatever the listener does
    }
  }

  /** Reports how many rows the caller read from a decided statement's result set. Never throws. */
  public void rowsRead(GateDecision decision, long rows) {
    try {
      listener.onRowsRead(decision, rows);
    } catch (RuntimeException e) {
      // the rows were read whatever the listener does
    }
  }

  /** Whether the enforced policy has approval rules that may hold a statement. */
  public boolean holdsForApproval() {
    return holdsForApproval;
  }

  /**
   * {@code decision} approved by a human when it needs approval (asking, waiting or failing fast as
   * the policy's {@code approvals:} say), else {@code decision} itself.
   *
   * @param paramsDigest the digest of the values bound for this execution ({@link ParameterDigest})
   * @param wait the statement's query timeout and cancel flag
   * @throws SQLException {@code PH001}–{@code PH005}, naming rule and request
   */
  public GateDecision approve(GateDecision decision, String paramsDigest, ApprovalWait wait)
      throws SQLException {
    if (!decision.needsApproval()) {
      return decision;
    }
    ApprovalWaiter current = waiter;
    if (current == null) {
      synchronized (this) {
        if (waiter == null) {
          waiter = new ApprovalWaiter(policy.approvals(), Clock.systemUTC());
        }
        current = waiter;
      }
    }
    return current.approve(decision, paramsDigest, wait);
  }

  /**
   * {@code decision} with its row count checked against its {@code rows > N} rule: the planner's
   * estimate with the values bound now (cached per statement and values), held for approval above
   * N. A statement without row rule, or one already approved, is returned as it is.
   *
   * @param paramsDigest the digest of the values bound for this execution
   * @param values binds those values to an {@code EXPLAIN} of the statement; null for none
   */
  public GateDecision checkRows(
      GateDecision decision, String paramsDigest, BoundValues values, ConnectionContext context) {
    RowCheck check = decision.rowCheck();
    if (check == null || decision.approval() != null || policy == null) {
      return decision;
    }
    String sql = explained(decision);
    // a rewrite that repeats parameters (on-masked-write: keep) takes them at other positions
    BoundValues bind = decision.parameters().isIdentity() ? values : explain -> false;
    PlannerEstimates.Estimate estimate =
        context
            .engine(policy)
            .estimates()
            .estimate(context.info().dialect(), context.raw(), sql, paramsDigest, check, bind);
    GateDecision checked =
        decision.rowsChecked(
            new RowCheck(check.limit(), paramsDigest, estimate.rows(), estimate.seen()));
    if (checked.needsApproval() && checked.tables().isEmpty()) {
      try {
        return withScope(checked, decision.request().analysedSql(), context);
      } catch (SQLException e) {
        return checked;
      }
    }
    return checked;
  }

  /** The text the planner is asked about: the rewrite when masked, else the escape-expanded SQL. */
  private static String explained(GateDecision decision) {
    return decision.action() == GateDecision.Action.MASK
        ? decision.sql()
        : decision.request().analysedSql();
  }

  /**
   * A result of {@code decision} passed its row cap: reading stops with {@code PH006}, the audit
   * records it, and the same statement with the same values asks for approval next time.
   */
  public SQLException rowCapReached(GateDecision decision, ConnectionContext context) {
    RowCheck check = decision.rowCheck();
    long cap = decision.rowCap();
    String sql = explained(decision);
    if (policy != null) {
      context.engine(policy).estimates().exceeded(sql, check.paramsDigest(), cap + 1);
    }
    String rule = check.limit().rule().name();
    SQLException refusal =
        PhiGuardErrors.of(
            SqlState.ROW_CAP_REACHED,
            "row cap reached: rule "
                + rule
                + " ("
                + check.limit().rule().location()
                + ") allows "
                + cap
                + (cap == 1 ? " row" : " rows")
                + " of "
                + (check.limit().rule().tables().isEmpty()
                    ? "protected tables"
                    : check.limit().rule().tables().stream()
                        .map(Object::toString)
                        .collect(Collectors.joining(", ")))
                + " without approval, and this read went past it"
                + (check.estimate() >= 0 && !check.seen()
                    ? " (the planner expected " + check.estimate() + ")"
                    : "")
                + ". Narrow it with WHERE or LIMIT, or run the same statement again to ask "
                + String.join(", ", new TreeSet<>(check.limit().rule().approvers()))
                + " for approval",
            rule,
            decision.id());
    try {
      listener.onOutcome(decision, refusal, cap);
    } catch (RuntimeException e) {
      // the read stops whatever the listener does
    }
    return refusal;
  }

  /** Reports how a decided statement ended. Never throws. */
  public void outcome(GateDecision decision, SQLException failure, ConnectionContext context) {
    outcome(decision, failure, -1, context);
  }

  /**
   * Reports how a decided statement ended, with the rows the delegate reported changed (-1: not
   * known). Never throws.
   */
  public void outcome(
      GateDecision decision, SQLException failure, long rows, ConnectionContext context) {
    if (failure == null) {
      forgetWhatMayHaveChanged(decision.request().analysedSql(), context);
    }
    try {
      listener.onOutcome(decision, failure, rows);
    } catch (RuntimeException e) {
      // an outcome that cannot be recorded does not change what already ran
    }
  }

  /**
   * After DDL the catalog is stale; after SET or USE the current schema may be. A statement whose
   * first word cannot be read (an executable comment) may be either.
   */
  private void forgetWhatMayHaveChanged(String sql, ConnectionContext context) {
    String keyword = SqlKeywords.leading(sql);
    if (keyword.isEmpty() || SESSION_KEYWORDS.contains(keyword)) {
      context.schemaMayHaveChanged();
    }
    if (policy != null && (keyword.isEmpty() || DDL_KEYWORDS.contains(keyword))) {
      context.engine(policy).invalidate();
    }
  }
}
