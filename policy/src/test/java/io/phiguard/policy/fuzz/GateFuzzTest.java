package io.phiguard.policy.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.policy.Identity;
import io.phiguard.policy.MaskSet;
import io.phiguard.policy.Policy;
import io.phiguard.policy.PolicyLoader;
import io.phiguard.policy.StatementJudge;
import io.phiguard.policy.Verdict;
import io.phiguard.rewrite.Analysis;
import io.phiguard.rewrite.AnalyzedStatement;
import io.phiguard.rewrite.Catalog;
import io.phiguard.rewrite.Dialect;
import io.phiguard.rewrite.SqlAnalyzer;
import io.phiguard.rewrite.StatementKind;
import io.phiguard.rewrite.TableUse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property test of analysis and judgement over generated and mutated statements, for an identity
 * that sees every protected column masked. For every statement string:
 *
 * <ol>
 *   <li>analysis and judgement return a {@link Verdict}: nothing throws, nothing runs past the
 *       parse timeout plus a margin;
 *   <li>a statement whose text names a protected column is ALLOWed unchanged only when every
 *       statement in it parsed and touches no protected (or unknown) table, or (the harmless
 *       allow-list of ARCHITECTURE.md) did not parse and its text cannot carry a query: no
 *       parenthesis, executable comment or query/block keyword;
 *   <li>a MASK verdict's SQL parses again, and on H2 its results, labels and error messages carry
 *       no canary of the seeded patients (nor hex, Base64, MD5 or SHA-256 of one); an ALLOWed query
 *       or DML is run too and must not show one either;
 *   <li>reasons and rules never repeat a literal or comment of the statement.
 * </ol>
 *
 * <p>The number of tries comes from the system property {@code phiguard.fuzz.tries}, set by the
 * Maven property of that name (10,000 by default, 100,000 in the {@code fuzz} profile); the seed is
 * fixed ({@code phiguard.fuzz.seed} to change it) so that a failure reproduces. A plain JUnit loop
 * over a seeded {@link Random}: jqwik's author asks AI agents not to use that library, and this
 * project's agents honour it. See {@code policy/README.md}.
 */
class GateFuzzTest {

  static final String POLICY =
      """
      version: 1
      protect:
        patients:
          mrn: redact
          full_name: redact
          ssn: "partial(0, 4)"
          email: email
          dob: year
          zip: zip3
          notes: "null"
      unmask:
        - groups: [clinician]
      """;

  private static final Set<String> PROTECTED =
      Set.of("mrn", "full_name", "ssn", "email", "dob", "zip", "notes");
  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern STRING = Pattern.compile("'((?:[^']|'')*)'");
  private static final Pattern QUERY_CAPABLE =
      Pattern.compile(
          "\\(|/\\*M?!|(?i)\\b(select|insert|update|delete|merge|call|execute|atomic)\\b");
  private static final Pattern LIT = Pattern.compile("lit\\w*", Pattern.CASE_INSENSITIVE);
  private static final Set<StatementKind> EXECUTED =
      EnumSet.of(
          StatementKind.SELECT, StatementKind.INSERT, StatementKind.UPDATE, StatementKind.DELETE);

  /** One try: the dialect, the statement string and where it came from. */
  record Case(Dialect dialect, String sql, String origin) {
    @Override
    public String toString() {
      return dialect + " [" + origin + "] " + sql;
    }
  }

  private static CanaryDatabase database;
  private static Policy policy;
  private static StatementJudge judge;
  private static Identity masked;
  private static MaskSet maskSet;
  private static Map<Dialect, SqlAnalyzer> analyzers;
  private static List<GoldenMutator.Seed> seeds;
  private static ExecutorService worker;

  @BeforeAll
  static void setUp() throws Exception {
    database = new CanaryDatabase();
    policy = PolicyLoader.parse(POLICY, "fuzz.yaml");
    judge = new StatementJudge(policy);
    masked = Identity.of("fuzzer").build();
    maskSet = policy.maskSetFor(masked);
    analyzers =
        Map.of(
            Dialect.H2,
            SqlAnalyzer.of(database.catalog(), List.of("PUBLIC")),
            Dialect.POSTGRESQL,
            analyzer(Dialect.POSTGRESQL),
            Dialect.MYSQL,
            analyzer(Dialect.MYSQL));
    // the golden inputs of sql-rewrite; surefire runs with the module as working directory
    Path cases = Paths.get("../sql-rewrite/src/test/resources/cases");
    assertThat(cases).isDirectory();
    seeds = GoldenMutator.seeds(cases);
    assertThat(seeds).hasSizeGreaterThan(50);
    worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "gate-fuzz");
              t.setDaemon(true);
              return t;
            });
  }

  @AfterAll
  static void tearDown() throws Exception {
    worker.shutdownNow();
    database.close();
  }

  private static SqlAnalyzer analyzer(Dialect dialect) {
    Catalog catalog = FuzzCatalogs.catalog(dialect);
    return SqlAnalyzer.of(catalog, List.of(FuzzCatalogs.schema(dialect)));
  }

  /** The next statement: 7 in 10 generated, 3 in 10 mutated golden inputs. */
  private static Case nextCase(Random random) {
    if (random.nextInt(10) < 7) {
      Dialect dialect =
          random.nextInt(2) == 0
              ? Dialect.H2
              : random.nextBoolean() ? Dialect.POSTGRESQL : Dialect.MYSQL;
      return new Case(
          dialect,
          new SqlGenerator(new Random(random.nextLong()), dialect).statementString(),
          "generated");
    }
    GoldenMutator.Seed seed = seeds.get(random.nextInt(seeds.size()));
    Dialect dialect =
        switch (seed.dialect()) {
          case "postgres" -> Dialect.POSTGRESQL;
          case "mysql" -> Dialect.MYSQL;
          default -> Dialect.H2;
        };
    return new Case(
        dialect,
        GoldenMutator.mutate(seed.sql(), random),
        "mutated " + seed.dialect() + "/" + seed.name());
  }

  private static final Map<String, Integer> STATISTICS = new java.util.TreeMap<>();

  private static void count(String label, Object... values) {
    STATISTICS.merge(label + " " + java.util.Arrays.toString(values), 1, Integer::sum);
  }

  @Test
  void theGateOnlyEverDecidesAndNeverLeaks() throws Exception {
    int tries = Integer.getInteger("phiguard.fuzz.tries", 10_000);
    long seed = Long.getLong("phiguard.fuzz.seed", 20261101L);
    Random random = new Random(seed);
    for (int i = 0; i < tries; i++) {
      Case c = nextCase(random);
      try {
        check(c);
      } catch (AssertionError e) {
        throw new AssertionError("try " + i + " of seed " + seed + ": " + e.getMessage(), e);
      }
    }
    System.out.println("gate fuzz: " + tries + " tries, seed " + seed + ": " + STATISTICS);
  }

  private void check(Case c) throws Exception {
    SqlAnalyzer analyzer = analyzers.get(c.dialect());
    Identity identity = c.sql().hashCode() % 10 == 0 ? Identity.none() : masked;
    MaskSet masks = identity.isNone() ? policy.maskSetFor(identity) : maskSet;

    // (a) a verdict, never an exception, never a hang
    Future<Judged> future =
        worker.submit(
            () -> {
              Analysis analysis = analyzer.analyze(c.sql());
              return new Judged(
                  analysis, judge.judge(analysis, identity, masks, analyzer.catalog()));
            });
    Judged judged;
    try {
      judged =
          future.get(SqlAnalyzer.DEFAULT_PARSE_TIMEOUT.toMillis() + 8_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("analysis or judgement threw for " + c, e.getCause());
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new AssertionError("analysis or judgement hung for " + c);
    }
    Verdict verdict = judged.verdict();
    assertThat(verdict).as("verdict for %s", c).isNotNull();
    assertThat(verdict.kind()).isNotNull();
    count("verdict", verdict.kind());
    count("origin", c.origin().startsWith("mutated") ? "mutated" : "generated", verdict.kind());

    // (b) never ALLOWed unchanged when it names protected data, unless proven not to touch it
    if (verdict.kind() == Verdict.Kind.ALLOW && namesProtectedColumn(c.sql())) {
      for (AnalyzedStatement statement : judged.analysis().statements()) {
        if (!statement.parsed()) {
          // the design lets unparseable statements with a harmless first word run (BEGIN, SHOW,
          // VACUUM …); such text must not be able to carry a query, whatever names it mentions
          assertThat(QUERY_CAPABLE.matcher(c.sql()).find())
              .as("ALLOW of unparsed text that can carry a query: %s", c)
              .isFalse();
          count("unparsed allowed naming protected", c.dialect());
          continue;
        }
        for (TableUse table : statement.facts().tables()) {
          // the one unknown relation the judge lets through: the new table of a DDL statement,
          // whose name the policy does not protect (checked just below)
          boolean newRelation =
              statement.facts().kind() == StatementKind.DDL
                  && table.access() == TableUse.Access.WRITE;
          assertThat(table.known() || newRelation)
              .as("ALLOW with unknown table %s: %s", table, c)
              .isTrue();
          assertThat(masks.columnsToMask(table.schema(), table.name()))
              .as("ALLOW although %s is protected: %s", table.qualifiedName(), c)
              .isEmpty();
        }
      }
    }
    if (verdict.kind() == Verdict.Kind.MASK) {
      assertThat(verdict.sql()).as("MASK without SQL: %s", c).isNotBlank();
      Analysis again = analyzer.analyze(verdict.sql());
      assertThat(again.statements())
          .as("rewritten SQL parses: %s → %s", c, verdict.sql())
          .allMatch(AnalyzedStatement::parsed);
      if (c.dialect() == Dialect.H2) {
        for (AnalyzedStatement statement : again.statements()) {
          if (EXECUTED.contains(statement.facts().kind())) {
            List<String> leaks = CanaryDatabase.leaks(run(statement));
            assertThat(leaks).as("canaries from %s → %s", c, statement.sql()).isEmpty();
            count("executed", "masked " + statement.facts().kind());
          }
        }
      }
    }
    if (verdict.kind() == Verdict.Kind.ALLOW && c.dialect() == Dialect.H2) {
      for (AnalyzedStatement statement : judged.analysis().statements()) {
        if (statement.parsed() && EXECUTED.contains(statement.facts().kind())) {
          List<String> leaks = CanaryDatabase.leaks(run(statement));
          assertThat(leaks).as("canaries from ALLOWed %s", c).isEmpty();
          count("executed", "allowed " + statement.facts().kind());
        }
      }
    }

    // (c) messages never carry literals of the statement
    String message = verdict.reason() + "\n" + verdict.rule();
    for (String literal : literals(c.sql())) {
      assertThat(message.toLowerCase(Locale.ROOT))
          .as("verdict message repeats literal «%s» of %s", literal, c)
          .doesNotContain(literal.toLowerCase(Locale.ROOT));
    }
  }

  private static List<String> run(AnalyzedStatement statement) {
    return database.run(statement.sql(), statement.facts().kind() == StatementKind.SELECT);
  }

  private record Judged(Analysis analysis, Verdict verdict) {}

  private static boolean namesProtectedColumn(String sql) {
    Matcher m = WORD.matcher(sql);
    while (m.find()) {
      if (PROTECTED.contains(m.group().toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** String literals of four characters or more, and every word starting with {@code lit}. */
  static List<String> literals(String sql) {
    List<String> literals = new ArrayList<>();
    Matcher strings = STRING.matcher(sql);
    while (strings.find()) {
      String text = strings.group(1).replace("''", "'").strip();
      if (text.length() >= 4) {
        literals.add(text);
      }
    }
    Matcher lit = LIT.matcher(sql);
    while (lit.find()) {
      literals.add(lit.group());
    }
    return literals;
  }
}
