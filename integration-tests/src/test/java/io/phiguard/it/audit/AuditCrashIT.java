package io.phiguard.it.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.audit.AuditRecord;
import io.phiguard.audit.JdbcSink;
import io.phiguard.audit.RecordKind;
import io.phiguard.audit.VerificationResult;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import io.phiguard.testkit.TestDatabases.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's crash test: a child JVM runs 20,000 INSERTs on 8 threads through {@code
 * jdbc:phiguard:postgresql:} and is killed with SIGKILL at a seeded random moment after it has
 * committed some rows, five times on the same journal (each run resumes the chain; a torn tail is
 * sealed as RECOVERED). Afterwards every committed row has its DECISION record (matched per thread:
 * thread {@code t} of run {@code r} has its own subject and inserts {@code n = 0, 1, 2 …} in order,
 * so its k rows need k decisions and at most one more, still in flight), the journal verifies, and
 * after a last clean run the PostgreSQL store holds exactly the journal's chain, which verifies.
 *
 * <p>One journal resumed five times rather than five fresh ones: resuming is the harder path
 * (recovery of a torn tail, the chain continued across processes, the shipper resuming from its
 * position file after being killed mid-batch).
 */
class AuditCrashIT {
  private static final long SEED = 0x5EED_4A11L;
  private static final int RUNS = 5;
  private static final int THREADS = 8;
  private static final int STATEMENTS = 20_000;

  /** SIGKILL as an exit status (128 + 9): destroyForcibly really is kill -9 on Linux. */
  private static final int KILLED = 137;

  /** The run after which a torn tail is planted if no kill happened to cut a write. */
  private static final int TORN_RUN = 2;

  @TempDir Path dir;

  @Test
  void everyCommittedRowHasItsDecisionRecordAfterFiveKillsAndTheChainVerifies() throws Exception {
    Random random = new Random(SEED);
    try (TestDatabase db = TestDatabases.create(Kind.POSTGRESQL)) {
      try (Connection raw = db.openRaw();
          Statement st = raw.createStatement()) {
        st.execute(
            "CREATE TABLE crash_rows (run INT, thread INT, n INT, PRIMARY KEY (run, thread, n))");
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
              """
                  .formatted(AuditFiles.storeUrl(db, null)));
      Path journal = dir.resolve("journal/phiguard.jsonl");
      boolean planted = false;
      for (int run = 0; run < RUNS; run++) {
        int killAfter = 300 + random.nextInt(1_700);
        Process child = start(db, policy, run, STATEMENTS);
        try {
          awaitRows(db, run, killAfter, child);
          assertThat(child.isAlive()).as("run %d ended before the kill", run).isTrue();
        } finally {
          child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no last shipment
        }
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("run %d killed by SIGKILL", run).isEqualTo(KILLED);

        VerificationResult verified = AuditFiles.verifyJournal(journal);
        assertThat(verified.firstProblem()).as("journal after kill %d", run).isEmpty();
        assertEveryRowHasItsDecision(db, journal, run);
        if (run == TORN_RUN && verified.tornTailBytes() == 0) {
          plantTornTail(journal);
          planted = true;
          assertThat(AuditFiles.verifyJournal(journal).tornTailBytes()).isPositive();
          assertThat(AuditFiles.verifyJournal(journal).ok()).isTrue();
        }
      }

      // a last run without statements exits normally: its shutdown hook ships and seals
      Process drain = start(db, policy, RUNS, 0);
      assertThat(drain.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(drain.exitValue()).as(stderr(RUNS)).isZero();

      List<String> lines = AuditFiles.lines(journal);
      List<AuditRecord> records = AuditFiles.records(lines);
      VerificationResult verified = AuditFiles.verifyJournal(journal);
      assertThat(verified.firstProblem()).isEmpty();
      assertThat(verified.tornTailBytes()).isZero();
      assertThat(records.get(records.size() - 1).kind()).isEqualTo(RecordKind.CHECKPOINT);
      long recovered = AuditFiles.count(records, RecordKind.RECOVERED);
      assertThat(recovered).as("torn tails sealed").isGreaterThanOrEqualTo(planted ? 1 : 0);
      assertThat(records.stream().map(AuditRecord::writerId).distinct()).hasSize(1);
      for (int run = 0; run < RUNS; run++) {
        assertEveryRowHasItsDecision(db, journal, run);
      }

      try (Connection store = db.openRaw()) {
        assertThat(JdbcSink.writers(store, JdbcSink.DEFAULT_TABLE)).hasSize(1);
        // the store holds the journal's chain exactly: every decision record reached it
        assertThat(AuditFiles.storedLines(store, records.get(0).writerId())).isEqualTo(lines);
        VerificationResult stored = AuditFiles.verifyStore(store, journal);
        assertThat(stored.firstProblem()).isEmpty();
        assertThat(stored.records()).isEqualTo(records.size());
      }
      System.out.printf(
          "AuditCrashIT: %d records, %d recovered tails (planted: %s)%n",
          records.size(), recovered, planted);
    }
  }

  private Process start(TestDatabase db, Path policy, int run, int statements) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            CrashChild.class.getName(),
            db.phiguardUrl(),
            policy.toString(),
            db.credentials().getProperty("user"),
            db.credentials().getProperty("password", ""),
            Integer.toString(run),
            Integer.toString(THREADS),
            Integer.toString(statements))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(dir.resolve("child-" + run + ".err").toFile())
        .start();
  }

  private String stderr(int run) throws Exception {
    Path err = dir.resolve("child-" + run + ".err");
    return Files.exists(err) ? Files.readString(err) : "";
  }

  /** Waits until run {@code run} has committed more than {@code rows} rows. */
  private void awaitRows(TestDatabase db, int run, int rows, Process child) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
    try (Connection raw = db.openRaw();
        PreparedStatement count =
            raw.prepareStatement("SELECT count(*) FROM crash_rows WHERE run = ?")) {
      count.setInt(1, run);
      while (true) {
        try (ResultSet rs = count.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > rows) {
            return;
          }
        }
        assertThat(child.isAlive()).as("child of run %d died: %s", run, stderr(run)).isTrue();
        assertThat(Instant.now())
            .as("run %d committed %d rows in time", run, rows)
            .isBefore(deadline);
        Thread.sleep(10);
      }
    }
  }

  /**
   * Thread t of the run inserted n = 0 … k-1 in order, each after its DECISION record was written:
   * k rows need at least k decisions of its subject, and at most one more (the one in flight).
   */
  private static void assertEveryRowHasItsDecision(TestDatabase db, Path journal, int run)
      throws Exception {
    List<AuditRecord> records = AuditFiles.records(AuditFiles.lines(journal));
    long[] rows = new long[THREADS];
    long[] maxN = new long[THREADS];
    Arrays.fill(maxN, -1);
    try (Connection raw = db.openRaw();
        PreparedStatement ps =
            raw.prepareStatement(
                "SELECT thread, count(*), max(n) FROM crash_rows WHERE run = ? GROUP BY thread")) {
      ps.setInt(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows[rs.getInt(1)] = rs.getLong(2);
          maxN[rs.getInt(1)] = rs.getLong(3);
        }
      }
    }
    long total = 0;
    for (int t = 0; t < THREADS; t++) {
      String subject = CrashChild.subject(run, t);
      long decisions =
          records.stream()
              .filter(r -> r.kind() == RecordKind.DECISION)
              .filter(r -> r.identity() != null && subject.equals(r.identity().subject()))
              .filter(r -> r.normalizedSql().contains("crash_rows"))
              .count();
      assertThat(maxN[t]).as("%s inserted without gaps", subject).isEqualTo(rows[t] - 1);
      // every committed row has its decision; at most two more: the PREPARE's own decision, and
      // one execution decided and journaled but killed before the server received it (one that
      // reached the server commits there whatever happens to the client)
      assertThat(decisions)
          .as("%s: decisions for %d committed rows", subject, rows[t])
          .isBetween(rows[t], rows[t] + 2);
      total += rows[t];
    }
    assertThat(total).as("run %d was cut short", run).isPositive().isLessThan(STATEMENTS);
  }

  /** What a kill in the middle of a journal write leaves: the first half of a line, no newline. */
  private static void plantTornTail(Path journal) throws Exception {
    List<String> lines = AuditFiles.lines(journal);
    byte[] last = lines.get(lines.size() - 1).getBytes(StandardCharsets.UTF_8);
    Files.write(journal, Arrays.copyOf(last, last.length / 2), StandardOpenOption.APPEND);
  }
}
