package io.phiguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipperTest {
  private static final Duration DEADLINE = Duration.ofSeconds(3);

  @TempDir Path dir;
  private final TestRecords.MutableClock clock = TestRecords.MutableClock.start();
  private final AuditVerifier verifier = new AuditVerifier(TestRecords.KEYS.getPublic());

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  private ShipperOptions.Builder fast(Path journal, AuditSink sink) {
    return ShipperOptions.builder(journal, sink)
        .batchSize(8)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(20))
        .pollInterval(Duration.ofMillis(10))
        .pingInterval(Duration.ofMillis(10));
  }

  private static void appendSome(
      AuditJournal journal, TestRecords.MutableClock clock, int from, int count)
      throws AuditUnavailableException {
    for (int i = from; i < from + count; i++) {
      journal.append(TestRecords.decision(clock, i));
      journal.append(TestRecords.outcome(clock, i));
    }
  }

  @Test
  void deliversInOrderToJsonLinesThroughAnOutageAndTheChainVerifiesAtTheSink() throws Exception {
    Path journalFile = dir.resolve("journal.jsonl");
    Path sinkFile = dir.resolve("sink/audit.jsonl");
    try (AuditJournal journal = AuditJournal.open(TestRecords.options(journalFile, clock).build());
        JsonLinesSink jsonl = JsonLinesSink.open(sinkFile)) {
      FlakySink sink = new FlakySink(jsonl, 5);
      appendSome(journal, clock, 1, 10); // 20 records + 5 checkpoints, before the sink is up
      Shipper shipper = Shipper.create(fast(journalFile, sink).checkpointSource(journal).build());
      shipper.start();
      try {
        await("the backlog is shipped", () -> shipper.shippedSeq() == journal.lastSeq());
        appendSome(journal, clock, 11, 5);
        shipper.wakeUp();
        await("new records are shipped", () -> shipper.shippedSeq() == journal.lastSeq());
      } finally {
        shipper.close();
      }
      assertThat(sink.refused.get()).isGreaterThanOrEqualTo(5);
      assertThat(sink.batchSizes).allMatch(n -> n <= 8); // group commit in batches
      journal.close(); // writes the closing checkpoint
      Shipper.create(fast(journalFile, sink).build()).shipAvailable();
    }
    // nothing lost, nothing reordered: the sink holds the journal, line for line
    List<String> journalLines = Files.readAllLines(journalFile, StandardCharsets.UTF_8);
    assertThat(Files.readAllLines(sinkFile, StandardCharsets.UTF_8)).isEqualTo(journalLines);
    VerificationResult atSink = verifier.verifyJsonLines(sinkFile, List.of());
    assertThat(atSink.firstProblem()).isEmpty();
    assertThat(atSink.records()).isEqualTo(journalLines.size()).isEqualTo(38);
  }

  @Test
  void deliversToH2AfterAnOutageAndTheChainVerifiesInTheStore() throws Exception {
    Path journalFile = dir.resolve("journal.jsonl");
    String url = "jdbc:h2:file:" + dir.resolve("h2/audit").toAbsolutePath();
    Properties props = new Properties();
    props.setProperty("user", "sa");
    props.setProperty("password", "");
    JdbcSink h2 = JdbcSink.create(url, props, JdbcSink.DEFAULT_TABLE);
    FlakySink sink = new FlakySink(h2, 3);
    try (AuditJournal journal =
        AuditJournal.open(TestRecords.options(journalFile, clock).build())) {
      appendSome(journal, clock, 1, 12);
      Shipper shipper = Shipper.create(fast(journalFile, sink).build());
      shipper.start();
      try {
        await("everything is in H2", () -> shipper.shippedSeq() == journal.lastSeq());
        appendSome(journal, clock, 13, 1);
        shipper.wakeUp();
        await("the last records are in H2", () -> shipper.shippedSeq() == journal.lastSeq());
      } finally {
        shipper.close();
      }
      journal.close();
      Shipper.create(fast(journalFile, sink).build()).shipAvailable(); // the closing checkpoint
    } finally {
      h2.close();
    }
    assertThat(sink.refused.get()).isEqualTo(3);
    List<String> journalLines = Files.readAllLines(journalFile, StandardCharsets.UTF_8);
    try (Connection c = DriverManager.getConnection(url, props)) {
      c.setReadOnly(true);
      List<String> writers = JdbcSink.writers(c, JdbcSink.DEFAULT_TABLE);
      assertThat(writers).hasSize(1);
      List<String> stored = JdbcSink.readChain(c, JdbcSink.DEFAULT_TABLE, writers.get(0));
      assertThat(stored).isEqualTo(journalLines);
      VerificationResult result =
          verifier.verifyChain(writers.get(0), stored.iterator(), List.of());
      assertThat(result.firstProblem()).isEmpty();
      assertThat(result.checkpoints()).isEqualTo(7); // 6 every 4 records + the closing one
      assertThat(result.records()).isEqualTo(33);
    }
  }

  @Test
  void resumesFromItsPositionAndSendingTwiceStoresOnce() throws Exception {
    Path journalFile = dir.resolve("journal.jsonl");
    Path sinkFile = dir.resolve("sink.jsonl");
    try (AuditJournal journal = AuditJournal.open(TestRecords.options(journalFile, clock).build());
        JsonLinesSink sink = JsonLinesSink.open(sinkFile)) {
      appendSome(journal, clock, 1, 3);
      ShipperOptions options = fast(journalFile, sink).build();
      assertThat(Shipper.create(options).shipAvailable()).isEqualTo(7); // 6 + 1 checkpoint
      appendSome(journal, clock, 4, 1);
      Shipper resumed = Shipper.create(options);
      assertThat(resumed.shippedSeq()).isEqualTo(7);
      assertThat(resumed.shipAvailable()).isEqualTo(3); // 2 + the checkpoint after seq 9

      Files.delete(options.positionFile()); // lost position: everything is sent again
      assertThat(Shipper.create(options).shipAvailable()).isEqualTo(10);
    }
    assertThat(Files.readAllLines(sinkFile)).hasSize(10);
    assertThat(verifier.verifyJsonLines(sinkFile, List.of()).ok()).isTrue();
  }

  @Test
  void withoutSpoolStatementsAreRefusedWhileTheSinkIsDown() throws Exception {
    Path journalFile = dir.resolve("journal.jsonl");
    try (AuditJournal journal = AuditJournal.open(TestRecords.options(journalFile, clock).build());
        JsonLinesSink jsonl = JsonLinesSink.open(dir.resolve("sink.jsonl"))) {
      FlakySink sink = new FlakySink(jsonl, 0);
      Shipper noSpool = Shipper.create(fast(journalFile, sink).spool(false).build());
      Shipper spool =
          Shipper.create(
              fast(journalFile, sink).positionFile(dir.resolve("other.shipped")).build());
      noSpool.start();
      spool.start();
      try {
        journal.append(TestRecords.decision(clock, 1));
        await("shipped", () -> noSpool.shippedSeq() == 1);
        assertThat(noSpool.acceptsStatements()).isTrue();

        sink.down = true;
        await("the outage is noticed", () -> !noSpool.sinkReachable());
        assertThat(noSpool.acceptsStatements()).isFalse();
        await("the spooling shipper notices too", () -> !spool.sinkReachable());
        assertThat(spool.acceptsStatements()).isTrue(); // records wait in the journal
        journal.append(TestRecords.decision(clock, 2));

        sink.down = false;
        await("the sink is back", noSpool::acceptsStatements);
        await("the spooled record is shipped", () -> noSpool.shippedSeq() == 2);
      } finally {
        noSpool.close();
        spool.close();
      }
    }
  }

  @Test
  void aBatchTheSinkRefusesIsReportedAndNotSkipped() throws Exception {
    Path journalFile = dir.resolve("journal.jsonl");
    try (AuditJournal journal = AuditJournal.open(TestRecords.options(journalFile, clock).build());
        JsonLinesSink jsonl = JsonLinesSink.open(dir.resolve("sink.jsonl"))) {
      journal.append(TestRecords.decision(clock, 1));
      FlakySink sink = new FlakySink(jsonl, 1);
      Shipper shipper = Shipper.create(fast(journalFile, sink).build());
      assertThatThrownBy(shipper::shipAvailable).isInstanceOf(AuditSinkException.class);
      assertThat(shipper.sinkReachable()).isFalse();
      assertThat(shipper.shippedSeq()).isZero();
      assertThat(shipper.shipAvailable()).isEqualTo(1);
      assertThat(shipper.sinkReachable()).isTrue();
    }
  }

  @Test
  void jdbcInsertsAreIdempotent() throws Exception {
    String url = "jdbc:h2:mem:idem;DB_CLOSE_DELAY=-1";
    JdbcSink sink = JdbcSink.create(url, new Properties(), "audit_idem");
    Path journalFile = dir.resolve("journal.jsonl");
    try (AuditJournal journal =
        AuditJournal.open(TestRecords.options(journalFile, clock).build())) {
      appendSome(journal, clock, 1, 1);
    }
    List<AuditRecord> records =
        Files.readAllLines(journalFile).stream().map(AuditRecordCodec::parse).toList();
    sink.store(records.subList(0, 2));
    sink.store(records);
    sink.store(records);
    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(JdbcSink.readChain(c, "audit_idem", records.get(0).writerId())).hasSize(3);
    }
    sink.close();
    assertThatThrownBy(() -> JdbcSink.create(url, new Properties(), "x; DROP TABLE y"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
