package io.phiguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuditJournalTest {
  @TempDir Path dir;
  private final TestRecords.MutableClock clock = TestRecords.MutableClock.start();

  private List<AuditRecord> read(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(AuditRecordCodec::parse)
        .toList();
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void appendedRecordIsInTheJournalWhenAppendReturnsAndAReopenContinuesTheChain(Durability mode)
      throws Exception {
    Path file = dir.resolve("j.jsonl");
    JournalOptions options = TestRecords.options(file, clock).durability(mode).build();
    AuditJournal journal = AuditJournal.open(options);
    AuditRecord first = journal.append(TestRecords.decision(clock, 1));

    // seen by an independent reader before close: append returned only after the write
    List<AuditRecord> onDisk = read(file);
    assertThat(onDisk).containsExactly(first);
    assertThat(first.seq()).isEqualTo(1);
    assertThat(first.prevHash()).isEqualTo(HashChain.GENESIS);
    assertThat(first.writerId()).startsWith("test-");
    journal.close();

    try (AuditJournal again = AuditJournal.open(options)) {
      assertThat(again.writerId()).isEqualTo(first.writerId());
      assertThat(again.recovered()).isEmpty();
      AuditRecord next = again.append(TestRecords.outcome(clock, 1));
      List<AuditRecord> all = read(file);
      // record, close checkpoint, the new record
      assertThat(all).hasSize(3);
      assertThat(all.get(1).kind()).isEqualTo(RecordKind.CHECKPOINT);
      assertThat(next.seq()).isEqualTo(3);
      assertThat(next.prevHash()).isEqualTo(all.get(1).hash());
    }
  }

  @Test
  void eachHashCoversPrevHashAndContent() throws Exception {
    Path file = dir.resolve("j.jsonl");
    try (AuditJournal journal = AuditJournal.open(TestRecords.options(file, clock).build())) {
      for (int i = 0; i < 3; i++) {
        journal.append(TestRecords.decision(clock, i));
      }
    }
    String prev = HashChain.GENESIS;
    for (AuditRecord r : read(file)) {
      assertThat(r.prevHash()).isEqualTo(prev);
      assertThat(HashChain.hash(r)).isEqualTo(r.hash());
      prev = r.hash();
    }
    AuditRecord first = read(file).get(0);
    AuditRecord edited =
        AuditRecord.restored(
            first.toBuilder().rule("other"),
            first.writerId(),
            first.seq(),
            first.prevHash(),
            first.hash());
    assertThat(HashChain.hash(edited)).isNotEqualTo(first.hash());
  }

  @Test
  void checkpointsFollowEveryNRecordsAndAfterTheIntervalAndAreSigned() throws Exception {
    Path file = dir.resolve("j.jsonl");
    try (AuditJournal journal = AuditJournal.open(TestRecords.options(file, clock).build())) {
      for (int i = 0; i < 4; i++) {
        journal.append(TestRecords.decision(clock, i));
      }
      journal.append(TestRecords.decision(clock, 5));
      journal.checkpointIfDue();
      assertThat(read(file)).hasSize(6); // not due yet
      clock.advance(Duration.ofSeconds(31));
      journal.checkpointIfDue();
    }
    List<AuditRecord> all = read(file);
    assertThat(all).hasSize(7);
    AuditRecord cp1 = all.get(4);
    assertThat(cp1.kind()).isEqualTo(RecordKind.CHECKPOINT);
    assertThat(cp1.coveredSeq()).isEqualTo(4);
    assertThat(cp1.coveredHash()).isEqualTo(all.get(3).hash());
    assertThat(CheckpointSigner.verify(cp1, TestRecords.KEYS.getPublic())).isTrue();
    assertThat(CheckpointSigner.verify(cp1, CheckpointKeys.generate().getPublic())).isFalse();
    assertThat(all.get(6).kind()).isEqualTo(RecordKind.CHECKPOINT);
    assertThat(all.get(6).coveredSeq()).isEqualTo(6);
    assertThat(Files.readAllLines(AuditJournal.checkpointFileOf(file))).hasSize(2);
  }

  @Test
  void aSecondWriterOnTheSameJournalIsRefused() throws Exception {
    Path file = dir.resolve("j.jsonl");
    JournalOptions options = TestRecords.options(file, clock).build();
    try (AuditJournal journal = AuditJournal.open(options)) {
      assertThatThrownBy(() -> AuditJournal.open(options))
          .isInstanceOf(AuditUnavailableException.class)
          .hasMessageContaining("locked by another writer");
      journal.append(TestRecords.decision(clock, 1)); // the first writer is unaffected
    }
    AuditJournal.open(options).close(); // released on close
  }

  /** Starts {@link LockHolder} on {@code file}; returns the process and its first word. */
  private static Process holder(Path file) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            LockHolder.class.getName(),
            file.toString())
        .redirectErrorStream(true)
        .start();
  }

  private static String firstWord(Process p) throws IOException {
    return new String(p.getInputStream().readNBytes(6), StandardCharsets.US_ASCII).trim();
  }

  @Test
  void aJournalHeldByAnotherProcessIsRefused() throws Exception {
    Path file = dir.resolve("j.jsonl");
    Process other = holder(file);
    try {
      assertThat(firstWord(other)).isEqualTo("locked");
      assertThatThrownBy(() -> AuditJournal.open(TestRecords.options(file, clock).build()))
          .isInstanceOf(AuditUnavailableException.class)
          .hasMessageContaining("locked by another writer");
    } finally {
      other.getOutputStream().close(); // the holder exits when its stdin closes
      other.waitFor();
    }
    AuditJournal.open(TestRecords.options(file, clock).build()).close();
  }

  @Test
  void readingTheJournalInProcessDoesNotReleaseItsLock() throws Exception {
    // POSIX locks drop when a process closes any descriptor of the locked file
    Path file = dir.resolve("j.jsonl");
    try (AuditJournal journal = AuditJournal.open(TestRecords.options(file, clock).build())) {
      journal.append(TestRecords.decision(clock, 1));
      new AuditVerifier(TestRecords.KEYS.getPublic()).verifyJournal(file);
      Files.readAllBytes(file);
      assertThatThrownBy(() -> AuditJournal.open(TestRecords.options(file, clock).build()))
          .isInstanceOf(AuditUnavailableException.class);
      Process other = holder(file);
      try {
        assertThat(firstWord(other)).isEqualTo("denied");
      } finally {
        other.getOutputStream().close();
        other.waitFor();
      }
    }
  }

  @Test
  void aRelativePathIsRefused() {
    assertThatThrownBy(() -> TestRecords.options(Path.of("journal.jsonl"), clock).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute");
  }

  @Test
  void onlyDecisionsAndOutcomesMayBeAppended() throws Exception {
    try (AuditJournal journal =
        AuditJournal.open(TestRecords.options(dir.resolve("j.jsonl"), clock).build())) {
      AuditRecord recovered = AuditRecord.builder(RecordKind.RECOVERED, clock.instant()).build();
      assertThatThrownBy(() -> journal.append(recovered))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AuditRecord.builder(RecordKind.CHECKPOINT, clock.instant()).build())
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aTornTailIsTruncatedAndSealedWithARecoveredRecord() throws Exception {
    Path file = dir.resolve("j.jsonl");
    JournalOptions options = TestRecords.options(file, clock).checkpointEvery(100).build();
    try (AuditJournal journal = AuditJournal.open(options)) {
      journal.append(TestRecords.decision(clock, 1));
      journal.append(TestRecords.decision(clock, 2));
    }
    // a crash in the middle of the next write: half a record, no newline
    String half = AuditRecordCodec.toJson(read(file).get(0));
    half = half.substring(0, half.length() / 2);
    Files.writeString(file, half, StandardOpenOption.APPEND);
    long validLength = Files.size(file) - half.length();

    try (AuditJournal journal = AuditJournal.open(options)) {
      AuditRecord marker = journal.recovered().orElseThrow();
      assertThat(marker.kind()).isEqualTo(RecordKind.RECOVERED);
      assertThat(marker.seq()).isEqualTo(4);
      assertThat(marker.message()).contains(half.length() + " bytes at offset " + validLength);
      journal.append(TestRecords.decision(clock, 3));
    }
    List<AuditRecord> all = read(file); // every line parses: the torn bytes are gone
    assertThat(all)
        .extracting(AuditRecord::kind)
        .containsExactly(
            RecordKind.DECISION,
            RecordKind.DECISION,
            RecordKind.CHECKPOINT,
            RecordKind.RECOVERED,
            RecordKind.DECISION,
            RecordKind.CHECKPOINT);
  }

  @Test
  void aZeroFilledTailLeftByAPowerLossIsRecoveredToo() throws Exception {
    Path file = dir.resolve("j.jsonl");
    JournalOptions options = TestRecords.options(file, clock).build();
    try (AuditJournal journal = AuditJournal.open(options)) {
      journal.append(TestRecords.decision(clock, 1));
    }
    Files.write(file, new byte[] {0, 0, 0, 0, '\n', 0, 0}, StandardOpenOption.APPEND);
    try (AuditJournal journal = AuditJournal.open(options)) {
      assertThat(journal.recovered()).isPresent();
      assertThat(journal.recovered().get().message()).contains("7 bytes");
    }
  }

  @Test
  void aDamagedLastRecordIsNotRecoveredButRefused() throws Exception {
    Path file = dir.resolve("j.jsonl");
    JournalOptions options = TestRecords.options(file, clock).build();
    try (AuditJournal journal = AuditJournal.open(options)) {
      journal.append(TestRecords.decision(clock, 1));
    }
    // the last line is the close checkpoint; change one field without re-hashing
    String text = Files.readString(file);
    Files.writeString(file, text.replace("\"kind\":\"CHECKPOINT\"", "\"kind\":\"OUTCOME\""));
    assertThatThrownBy(() -> AuditJournal.open(options))
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageContaining("does not match its hash");
  }
}
