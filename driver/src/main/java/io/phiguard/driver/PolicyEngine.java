package io.phiguard.driver;

import io.phiguard.policy.Identity;
import io.phiguard.policy.MaskSet;
import io.phiguard.policy.Policy;
import io.phiguard.policy.StatementJudge;
import io.phiguard.policy.Verdict;
import io.phiguard.rewrite.Analysis;
import io.phiguard.rewrite.Catalog;
import io.phiguard.rewrite.CatalogLoader;
import io.phiguard.rewrite.NameRules;
import io.phiguard.rewrite.SqlAnalyzer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The policy machinery one data source shares across its connections: the catalog (loaded once from
 * the database, refreshed after DDL and when a statement names a relation it lacks), the analyses
 * of statements already seen, and the judge.
 */
final class PolicyEngine {
  private static final ConcurrentHashMap<String, PolicyEngine> ENGINES = new ConcurrentHashMap<>();
  private static final AtomicLong CATALOG_VERSIONS = new AtomicLong();
  // a bounded memory of analyses: statements repeat, literals make the tail long
  private static final int MAX_ANALYSES = 10_000;
  private static final long REFRESH_AFTER_NANOS = 2_000_000_000L;

  private final Policy policy;
  private final ConnectionInfo datasource;
  private final StatementJudge judge;
  private final ConcurrentHashMap<AnalysisKey, Analysis> analyses = new ConcurrentHashMap<>();
  // statements this engine parsed and analysed: a repeated statement must not add to it
  private final AtomicLong parses = new AtomicLong();
  private final PlannerEstimates estimates = new PlannerEstimates();
  private volatile Catalog catalog;
  private volatile long loadedAt;

  private record AnalysisKey(String sql, List<String> searchPath, long catalogVersion) {}

  private record VerdictKey(
      String sql,
      List<String> searchPath,
      long catalogVersion,
      MaskSet maskSet,
      Identity identity) {}

  private final ConcurrentHashMap<VerdictKey, Verdict> verdicts = new ConcurrentHashMap<>();

  private PolicyEngine(Policy policy, ConnectionInfo datasource) {
    this.policy = policy;
    this.datasource = datasource;
    this.judge = new StatementJudge(policy);
  }

  /** The engine of {@code policy} for the data source {@code info} belongs to. */
  static PolicyEngine of(Policy policy, ConnectionInfo info) {
    String key = policy.policyVersion() + "|" + info.dialect() + "|" + info.datasource();
    return ENGINES.computeIfAbsent(key, k -> new PolicyEngine(policy, info));
  }

  Policy policy() {
    return policy;
  }

  /** How many statements the engines of {@code loaded} have parsed (the cache's miss count). */
  static long parsesOf(Policy loaded) {
    return ENGINES.values().stream()
        .filter(engine -> engine.policy == loaded)
        .mapToLong(engine -> engine.parses.get())
        .sum();
  }

  /** Planner row estimates for {@code rows > N} rules, per statement and values. */
  PlannerEstimates estimates() {
    return estimates;
  }

  StatementJudge judge() {
    return judge;
  }

  /** The catalog, loaded through {@code raw}'s metadata the first time it is needed. */
  Catalog catalog(Connection raw) throws SQLException {
    Catalog current = catalog;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (catalog == null) {
        load(raw);
      }
      return catalog;
    }
  }

  /**
   * Reloads the catalog when it is older than a moment: a statement named a relation it lacks
   * (created since, or by another application). Returns whether it reloaded.
   */
  synchronized boolean refreshIfStale(Connection raw) throws SQLException {
    if (catalog != null && System.nanoTime() - loadedAt < REFRESH_AFTER_NANOS) {
      return false;
    }
    load(raw);
    return true;
  }

  /** Forgets the catalog after DDL; the next statement that needs it loads it again. */
  void invalidate() {
    catalog = null;
    analyses.clear();
    verdicts.clear();
    estimates.clear();
  }

  /**
   * The verdict for {@code sql} as {@code identity}: judged once per distinct text, search path,
   * catalog, mask set and identity, then a map lookup (the hot path).
   */
  Verdict verdict(
      String sql, Identity identity, MaskSet maskSet, Catalog against, List<String> searchPath) {
    VerdictKey key = new VerdictKey(sql, searchPath, against.version(), maskSet, identity);
    Verdict known = verdicts.get(key);
    if (known != null) {
      return known;
    }
    Verdict verdict = judge.judge(analyze(sql, against, searchPath), identity, maskSet, against);
    if (verdicts.size() >= MAX_ANALYSES) {
      verdicts.clear();
    }
    verdicts.put(key, verdict);
    return verdict;
  }

  private void load(Connection raw) throws SQLException {
    NameRules rules = NameRules.of(datasource.dialect());
    // MySQL and MariaDB list every database of the server as a catalog: read the connection's own
    String jdbcCatalog =
        switch (datasource.dialect()) {
          case MYSQL, MARIADB -> raw.getCatalog();
          default -> null;
        };
    catalog =
        CatalogLoader.load(
            raw.getMetaData(), rules, CATALOG_VERSIONS.incrementAndGet(), jdbcCatalog);
    loadedAt = System.nanoTime();
    analyses.clear();
    verdicts.clear();
  }

  /** The analysis of {@code sql}, parsed once per distinct text, search path and catalog. */
  Analysis analyze(String sql, Catalog against, List<String> searchPath) {
    AnalysisKey key = new AnalysisKey(sql, searchPath, against.version());
    Analysis known = analyses.get(key);
    if (known != null) {
      return known;
    }
    parses.incrementAndGet();
    Analysis analysis = SqlAnalyzer.of(against, searchPath).analyze(sql);
    if (analyses.size() >= MAX_ANALYSES) {
      analyses.clear();
    }
    analyses.put(key, analysis);
    return analysis;
  }
}
