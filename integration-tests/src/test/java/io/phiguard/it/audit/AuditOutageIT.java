package io.phiguard.it.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.audit.AuditDecision;
import io.phiguard.audit.AuditRecord;
import io.phiguard.audit.RecordKind;
import io.phiguard.audit.VerificationResult;
import io.phiguard.driver.PhiGuard;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import io.phiguard.testkit.TestDatabases.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 4's outage test: the shipper reaches a PostgreSQL audit store through a {@link
 * TcpForwarder}; under load from 4 threads the link is cut for 10 s. With {@code spool: true}
 * statements keep running and nothing is lost; with {@code spool: false} statements are refused
 * with {@code PH007} once the outage is noticed and run again after it. Either way, once the link
 * is back the store holds the journal's chain exactly (seq 1…n, no gaps), it verifies, and every
 * committed row has its ALLOW decision there. {@code audit.retry-max: 500ms} keeps the wait after
 * the outage short.
 */
class AuditOutageIT {
  private static final int THREADS = 4;
  private static final Duration OUTAGE = Duration.ofSeconds(10);

  /** Long enough for the shipper to notice the cut (its next batch fails at once under load). */
  private static final Duration NOTICE = Duration.ofSeconds(2);

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @org.junit.jupiter.api.io.TempDir Path dir;

  @AfterEach
  void shutdown() {
    PhiGuard.shutdown();
  }

  @ParameterizedTest(name = "spool: {0}")
  @ValueSource(booleans = {true, false})
  void aTenSecondStoreOutageLosesNothingAndSpoolDecidesWhetherStatementsRun(boolean spool)
      throws Exception {
    try (TestDatabase db = TestDatabases.create(Kind.POSTGRESQL);
        TcpForwarder link = new TcpForwarder(port(db.jdbcUrl()))) {
      try (Connection raw = db.openRaw();
          Statement st = raw.createStatement()) {
        st.execute("CREATE TABLE outage_rows (thread INT, n INT, PRIMARY KEY (thread, n))");
      }
      Path policy =
          Files.writeString(
              dir.resolve("phiguard.yaml"),
              """
              version: 1
              protect:
                patients: { ssn: redact }
              audit:
                store: "%s"
                journal: ./journal/phiguard.jsonl
                spool: %s
                retry-max: 500ms
              """
                  .formatted(AuditFiles.storeUrl(db, "127.0.0.1:" + link.port()), spool));
      Path journal = dir.resolve("journal/phiguard.jsonl");
      Load load = new Load(db, policy);
      try (Connection store = db.openRaw()) {
        load.start();
        await("load runs and the store receives it", () -> load.total() > 200 && stored(store) > 0);

        link.cut();
        long atCut = load.total();
        Instant cutAt = Instant.now();
        pauseUntil(cutAt.plus(NOTICE));
        long noticed = load.total();
        long storedWhileCut = stored(store);
        pauseUntil(cutAt.plus(OUTAGE));
        long atRestore = load.total();
        assertThat(stored(store))
            .as("nothing reached the store while cut")
            .isEqualTo(storedWhileCut);
        link.restore();
        Instant restoredAt = Instant.now();

        if (spool) {
          assertThat(load.refusals.get()).as("refusals with spool: true").isZero();
          assertThat(atRestore - atCut).as("statements run during the outage").isGreaterThan(100);
        } else {
          assertThat(load.refusals.get()).as("refusals with spool: false").isPositive();
          assertThat(atRestore)
              .as("no statement ran once the outage was noticed")
              .isEqualTo(noticed);
          SQLException refusal = load.lastRefusal.get();
          assertThat((Object) refusal).isInstanceOf(SQLTransientException.class);
          assertThat(refusal.getMessage())
              .contains("audit store is unreachable", "audit.spool is false");
        }

        long[] before = load.perThread();
        await(
            "every thread runs statements again after the outage",
            () -> {
              long[] now = load.perThread();
              for (int t = 0; t < THREADS; t++) {
                if (now[t] < before[t] + 20) {
                  return false;
                }
              }
              return true;
            });
        load.stop();
        assertThat(load.failures).as("unexpected failures").isEmpty();

        await(
            "the store catches up with the journal",
            () -> AuditFiles.storedLines(store, writer(journal)).equals(AuditFiles.lines(journal)));
        System.out.printf(
            "AuditOutageIT spool=%s: %d statements, %d during the outage, %d refused, store caught"
                + " up %d ms after the link came back%n",
            spool,
            load.total(),
            atRestore - atCut,
            load.refusals.get(),
            Duration.between(restoredAt, Instant.now()).toMillis());

        PhiGuard.shutdown(); // the final checkpoint reaches the store too
        List<String> lines = AuditFiles.lines(journal);
        assertThat(AuditFiles.storedLines(store, writer(journal))).isEqualTo(lines);
        List<AuditRecord> records = AuditFiles.records(lines);
        for (int i = 0; i < records.size(); i++) {
          assertThat(records.get(i).seq()).as("seq without gaps").isEqualTo(i + 1L);
        }
        VerificationResult verified = AuditFiles.verifyStore(store, journal);
        assertThat(verified.firstProblem()).isEmpty();
        assertThat(verified.records()).isEqualTo(records.size());
        assertEveryRowHasItsDecision(store, records);
        if (!spool) {
          // each refusal is on record too, as a DENY written to the healthy journal
          assertThat(
                  records.stream()
                      .filter(r -> r.decision() == io.phiguard.audit.AuditDecision.DENY)
                      .count())
              .as("refusals journaled")
              .isEqualTo(load.refusals.get());
        }
      }
    }
  }

  /** k committed rows of a thread need k ALLOW decisions of its subject, at most one more. */
  private static void assertEveryRowHasItsDecision(Connection db, List<AuditRecord> records)
      throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT thread, count(*), max(n) FROM outage_rows GROUP BY thread ORDER BY"
                    + " thread")) {
      int threads = 0;
      while (rs.next()) {
        threads++;
        String subject = subject(rs.getInt(1));
        long rows = rs.getLong(2);
        assertThat(rs.getLong(3)).as("%s inserted without gaps", subject).isEqualTo(rows - 1);
        long decisions =
            records.stream()
                .filter(r -> r.kind() == RecordKind.DECISION)
                .filter(r -> r.decision() == AuditDecision.ALLOW)
                .filter(r -> subject.equals(r.identity().subject()))
                .count();
        assertThat(decisions)
            .as("%s: decisions for %d rows", subject, rows)
            .isBetween(rows, rows + 1);
      }
      assertThat(threads).isEqualTo(THREADS);
    }
  }

  private static String writer(Path journal) throws Exception {
    return AuditFiles.records(AuditFiles.lines(journal).subList(0, 1)).get(0).writerId();
  }

  private static long stored(Connection store) throws SQLException {
    try (Statement st = store.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM phiguard_audit")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return 0; // the shipper has not created the table yet
      }
      throw e;
    }
  }

  private static int port(String url) {
    Matcher m = Pattern.compile("//[^/:]+:(\\d+)/").matcher(url);
    return m.find() ? Integer.parseInt(m.group(1)) : 5432;
  }

  private static String subject(int thread) {
    return "outage-t" + thread;
  }

  /** A condition that may query the store. */
  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(String what, Condition condition) throws Exception {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (!condition.holds()) {
      assertThat(Instant.now()).as(what).isBefore(deadline);
      Thread.sleep(20);
    }
  }

  /** Holds the outage for its required length (a duration under test, not a wait for a result). */
  private static void pauseUntil(Instant when) throws InterruptedException {
    long ms;
    while ((ms = Duration.between(Instant.now(), when).toMillis()) > 0) {
      Thread.sleep(Math.min(ms, 100));
    }
  }

  /** THREADS connections inserting (thread, n = 0, 1, …), retrying a statement refused by PH007. */
  private static final class Load {
    private final TestDatabase db;
    private final Path policy;
    private final AtomicLongArray committed = new AtomicLongArray(THREADS);
    final AtomicLong refusals = new AtomicLong();
    final AtomicReference<SQLException> lastRefusal = new AtomicReference<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    Load(TestDatabase db, Path policy) {
      this.db = db;
      this.policy = policy;
    }

    void start() {
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Thread worker = new Thread(() -> run(thread), "outage-load-" + t);
        worker.start();
        threads.add(worker);
      }
    }

    private void run(int thread) {
      Properties properties = db.credentials();
      properties.setProperty("phiguard.config", policy.toString());
      properties.setProperty("phiguard.subject", subject(thread));
      try (Connection c = DriverManager.getConnection(db.phiguardUrl(), properties);
          PreparedStatement insert =
              c.prepareStatement("INSERT INTO outage_rows (thread, n) VALUES (?, ?)")) {
        long n = 0;
        while (running) {
          insert.setInt(1, thread);
          insert.setLong(2, n);
          try {
            insert.executeUpdate();
            n++;
            committed.incrementAndGet(thread);
          } catch (SQLException e) {
            if (!"PH007".equals(e.getSQLState())) {
              throw e;
            }
            refusals.incrementAndGet();
            lastRefusal.set(e);
            Thread.sleep(20); // then the same row again, as an application would retry
          }
        }
      } catch (SQLException | InterruptedException | RuntimeException e) {
        failures.add(subject(thread) + ": " + e);
      }
    }

    long total() {
      long sum = 0;
      for (int t = 0; t < THREADS; t++) {
        sum += committed.get(t);
      }
      return sum;
    }

    long[] perThread() {
      long[] out = new long[THREADS];
      for (int t = 0; t < THREADS; t++) {
        out[t] = committed.get(t);
      }
      return out;
    }

    void stop() throws InterruptedException {
      running = false;
      for (Thread t : threads) {
        t.join(10_000);
      }
    }
  }
}
