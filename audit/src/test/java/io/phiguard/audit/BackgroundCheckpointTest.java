package io.phiguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundCheckpointTest {
  private static final Instant STATEMENT_TIME = Instant.parse("2026-03-01T10:00:00Z");
  // within the tests' checkpoint interval of STATEMENT_TIME: a checkpointer that read a time past
  // the interval would checkpoint by time, after any record, and race the appends under load
  private static final Instant CHECKPOINTER_TIME = Instant.parse("2026-03-01T10:01:00Z");

  @TempDir Path dir;

  /**
   * Tells threads apart in the records they build: the checkpointer thread reads another time, so a
   * checkpoint's {@code time} shows which thread signed it.
   */
  private static final class ThreadStampingClock extends Clock {
    @Override
    public Instant instant() {
      return Thread.currentThread().getName().equals("phiguard-audit-checkpointer")
          ? CHECKPOINTER_TIME
          : STATEMENT_TIME;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static List<AuditRecord> read(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(AuditRecordCodec::parse)
        .toList();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 3 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static long lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void aDueCheckpointIsSignedByTheCheckpointerNotByTheAppendingThread() throws Exception {
    Path file = dir.resolve("j.jsonl");
    Clock clock = new ThreadStampingClock();
    JournalOptions options =
        TestRecords.options(file, clock)
            .checkpointEvery(4)
            .checkpointInterval(Duration.ofHours(1))
            .backgroundCheckpoints(true)
            .build();
    try (AuditJournal journal = AuditJournal.open(options)) {
      for (int i = 0; i < 4; i++) {
        journal.append(TestRecords.decision(clock, i));
      }
      Path sidecar = AuditJournal.checkpointFileOf(file);
      await(() -> lines(sidecar) == 1);
      List<AuditRecord> all = read(file);
      assertThat(all).hasSize(5);
      AuditRecord cp = all.get(4);
      assertThat(cp.kind()).isEqualTo(RecordKind.CHECKPOINT);
      assertThat(cp.time()).isEqualTo(CHECKPOINTER_TIME);
      assertThat(cp.coveredSeq()).isEqualTo(4);
      assertThat(cp.coveredHash()).isEqualTo(all.get(3).hash());
      assertThat(AuditRecordCodec.parse(Files.readAllLines(sidecar).get(0))).isEqualTo(cp);
    }
  }

  @Test
  void withoutTheOptionTheAppendThatMakesACheckpointDueWritesIt() throws Exception {
    Path file = dir.resolve("j.jsonl");
    Clock clock = new ThreadStampingClock();
    try (AuditJournal journal =
        AuditJournal.open(TestRecords.options(file, clock).checkpointEvery(4).build())) {
      for (int i = 0; i < 4; i++) {
        journal.append(TestRecords.decision(clock, i));
      }
      // written before append returned, on the appending thread
      List<AuditRecord> all = read(file);
      assertThat(all).hasSize(5);
      assertThat(all.get(4).kind()).isEqualTo(RecordKind.CHECKPOINT);
      assertThat(all.get(4).time()).isEqualTo(STATEMENT_TIME);
    }
  }

  @Test
  void concurrentAppendersAndTheCheckpointerKeepOneVerifiableChain() throws Exception {
    Path file = dir.resolve("j.jsonl");
    Clock clock = Clock.systemUTC();
    JournalOptions options =
        TestRecords.options(file, clock)
            .checkpointEvery(8)
            .checkpointInterval(Duration.ofMillis(20))
            .backgroundCheckpoints(true)
            .build();
    int threads = 4;
    int perThread = 150;
    try (AuditJournal journal = AuditJournal.open(options)) {
      List<Thread> appenders = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        Thread a =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < perThread; i++) {
                      journal.append(TestRecords.decision(clock, base + i));
                    }
                  } catch (AuditUnavailableException | RuntimeException e) {
                    synchronized (failures) {
                      failures.add(e);
                    }
                  }
                });
        appenders.add(a);
        a.start();
      }
      for (Thread a : appenders) {
        a.join(TimeUnit.SECONDS.toMillis(30));
      }
      assertThat(failures).isEmpty();
    }
    List<AuditRecord> all = read(file);
    long records = all.stream().filter(r -> r.kind() == RecordKind.DECISION).count();
    long checkpoints = all.stream().filter(r -> r.kind() == RecordKind.CHECKPOINT).count();
    assertThat(records).isEqualTo((long) threads * perThread);
    // at most checkpointEvery * 2 records between checkpoints: the append's fallback bounds it
    assertThat(checkpoints).isGreaterThanOrEqualTo(records / 16);
    assertThat(all.get(all.size() - 1).kind()).isEqualTo(RecordKind.CHECKPOINT);
    assertThat(lines(AuditJournal.checkpointFileOf(file))).isEqualTo(checkpoints);

    VerificationResult result = new AuditVerifier(TestRecords.KEYS.getPublic()).verifyJournal(file);
    assertThat(result.problem()).isNull();
    assertThat(result.checkpoints()).isEqualTo(checkpoints);
    assertThat(result.records()).isEqualTo(all.size());
  }
}
