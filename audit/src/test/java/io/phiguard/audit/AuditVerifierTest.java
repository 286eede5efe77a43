package io.phiguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal holds 13 records: seq 1-4, checkpoint 5, seq 6-9, checkpoint 10, seq 11-12, close
 * checkpoint 13. Line n holds seq n.
 */
class AuditVerifierTest {
  @TempDir Path dir;
  private final TestRecords.MutableClock clock = TestRecords.MutableClock.start();
  private final AuditVerifier verifier = new AuditVerifier(TestRecords.KEYS.getPublic());
  private Path journal;

  @BeforeEach
  void writeJournal() throws Exception {
    journal = dir.resolve("j.jsonl");
    try (AuditJournal j = AuditJournal.open(TestRecords.options(journal, clock).build())) {
      for (int i = 1; i <= 10; i++) {
        j.append(i % 2 == 1 ? TestRecords.decision(clock, i) : TestRecords.outcome(clock, i - 1));
      }
    }
  }

  private List<String> lines() throws IOException {
    return new ArrayList<>(Files.readAllLines(journal, StandardCharsets.UTF_8));
  }

  private void write(List<String> lines) throws IOException {
    Files.write(journal, lines, StandardCharsets.UTF_8);
  }

  private static AuditRecord at(List<String> lines, long seq) {
    return AuditRecordCodec.parse(lines.get((int) seq - 1));
  }

  /** Re-hashes every record from index {@code from} on, as a forger without the key would. */
  private static void rechain(List<String> lines, int from) {
    String prev =
        from == 0 ? HashChain.GENESIS : AuditRecordCodec.parse(lines.get(from - 1)).hash();
    for (int i = from; i < lines.size(); i++) {
      AuditRecord r = AuditRecordCodec.parse(lines.get(i));
      AuditRecord again = restore(r.toBuilder(), r.writerId(), r.seq(), prev);
      lines.set(i, AuditRecordCodec.toJson(again));
      prev = again.hash();
    }
  }

  private static AuditRecord restore(
      AuditRecord.Builder content, String writer, long seq, String prevHash) {
    AuditRecord unhashed = AuditRecord.restored(content, writer, seq, prevHash, null);
    return AuditRecord.restored(content, writer, seq, prevHash, HashChain.hash(unhashed));
  }

  private VerificationResult.Problem firstProblem() throws IOException {
    VerificationResult result = verifier.verifyJournal(journal);
    assertThat(result.ok()).as("tampering must be detected").isFalse();
    return result.firstProblem().orElseThrow();
  }

  @Test
  void anIntactChainVerifies() throws Exception {
    VerificationResult result = verifier.verifyJournal(journal);
    assertThat(result.firstProblem()).isEmpty();
    assertThat(result.records()).isEqualTo(13);
    assertThat(result.checkpoints()).isEqualTo(3);
    assertThat(result.lastSeqByWriter()).containsValue(13L);
  }

  @Test
  void aModifiedFieldIsNamed() throws Exception {
    List<String> lines = lines();
    lines.set(6, lines.get(6).replace("\"rows\":3", "\"rows\":0"));
    write(lines);
    VerificationResult.Problem p = firstProblem();
    assertThat(p.kind()).isEqualTo(ProblemKind.MODIFIED);
    assertThat(p.seq()).isEqualTo(7);
    assertThat(p.position()).isEqualTo(7);
  }

  @Test
  void aModifiedAndReHashedRecordIsNamedThroughItsSuccessor() throws Exception {
    List<String> lines = lines();
    AuditRecord seven = at(lines, 7);
    AuditRecord forged =
        restore(
            seven.toBuilder().decision(AuditDecision.ALLOW), seven.writerId(), 7, seven.prevHash());
    lines.set(6, AuditRecordCodec.toJson(forged));
    write(lines);
    VerificationResult.Problem p = firstProblem();
    assertThat(p.kind()).isEqualTo(ProblemKind.MODIFIED);
    assertThat(p.seq()).isEqualTo(7);
    assertThat(p.position()).isEqualTo(7);
  }

  @Test
  void aDeletedRecordIsNamed() throws Exception {
    List<String> lines = lines();
    lines.remove(6);
    write(lines);
    VerificationResult.Problem p = firstProblem();
    assertThat(p.kind()).isEqualTo(ProblemKind.MISSING);
    assertThat(p.seq()).isEqualTo(7);
    assertThat(p.reason()).contains("seq 7 is missing");
  }

  @Test
  void anInsertedForgedRecordIsNamed() throws Exception {
    List<String> lines = lines();
    AuditRecord six = at(lines, 6);
    // a well-formed forgery: right seq, links to seq 6, correct hash of its own content
    AuditRecord forged =
        restore(
            TestRecords.decision(clock, 99).toBuilder().rule("nothing-to-see"),
            six.writerId(),
            7,
            six.hash());
    lines.add(6, AuditRecordCodec.toJson(forged));
    write(lines);
    VerificationResult.Problem p = firstProblem();
    assertThat(p.kind()).isEqualTo(ProblemKind.INSERTED);
    assertThat(p.seq()).isEqualTo(7);
    assertThat(p.position()).isEqualTo(7);
  }

  @Test
  void aDuplicatedRecordIsNamed() throws Exception {
    List<String> lines = lines();
    lines.add(7, lines.get(6));
    write(lines);
    VerificationResult.Problem p = firstProblem();
    assertThat(p.kind()).isEqualTo(ProblemKind.INSERTED);
    assertThat(p.position()).isEqualTo(8);
  }

  @Test
  void swappedRecordsAreNamed() throws Exception {
    List<String> lines = lines();
    String seven = lines.get(6);
    lines.set(6, lines.get(7));
    lines.set(7, seven);
    write(lines);
    VerificationResult.Problem p = firstProblem();
    assertThat(p.kind()).isEqualTo(ProblemKind.REORDERED);
    assertThat(p.seq()).isEqualTo(8);
    assertThat(p.position()).isEqualTo(7);
  }

  @Test
  void aTailCutAfterACheckpointIsNamedAgainstTheSignedCheckpoints() throws Exception {
    List<String> lines = lines();
    write(lines.subList(0, 10)); // ends cleanly with checkpoint 10
    VerificationResult.Problem p = firstProblem();
    assertThat(p.kind()).isEqualTo(ProblemKind.TRUNCATED);
    assertThat(p.seq()).isEqualTo(11);
    assertThat(p.reason()).contains("records 11..12 are missing");

    // the documented limit: without an outside checkpoint, the cut is invisible
    assertThat(verifier.verifyJournal(journal, List.of()).ok()).isTrue();
  }

  @Test
  void aCheckpointWithABadSignatureIsNamed() throws Exception {
    List<String> lines = lines();
    AuditRecord five = at(lines, 5);
    byte[] sig = Base64.getDecoder().decode(five.signature());
    sig[0] ^= 1;
    AuditRecord badSig =
        restore(
            AuditRecordCodec.parse(
                AuditRecordCodec.toJson(five)
                    .replace(five.signature(), Base64.getEncoder().encodeToString(sig)))
                .toBuilder(),
            five.writerId(),
            5,
            five.prevHash());
    lines.set(4, AuditRecordCodec.toJson(badSig));
    rechain(lines, 5); // the forger re-hashes the rest so that only the signature can tell
    write(lines);
    VerificationResult.Problem p = firstProblem();
    assertThat(p.kind()).isEqualTo(ProblemKind.BAD_SIGNATURE);
    assertThat(p.seq()).isEqualTo(5);
  }

  @Test
  void checkpointsOfAnotherKeyAreRefused() throws Exception {
    AuditVerifier other = new AuditVerifier(CheckpointKeys.generate().getPublic());
    VerificationResult result = other.verifyJournal(journal);
    assertThat(result.firstProblem().orElseThrow().kind()).isEqualTo(ProblemKind.BAD_SIGNATURE);
  }

  @Test
  void aRewriteOfTheWholeRestOfTheChainIsCaughtByTheNextCheckpoint() throws Exception {
    List<String> lines = lines();
    lines.set(6, lines.get(6).replace("\"rows\":3", "\"rows\":0"));
    rechain(lines, 6);
    write(lines);
    Files.delete(AuditJournal.checkpointFileOf(journal)); // no outside anchors either
    VerificationResult.Problem p = firstProblem();
    // checkpoint 10 still signs the original hash of seq 9, which the rewrite changed
    assertThat(p.kind()).isEqualTo(ProblemKind.CHECKPOINT_MISMATCH);
    assertThat(p.seq()).isEqualTo(10);
  }

  @Test
  void anUnsealedTornTailIsACrashNotTampering() throws Exception {
    Files.writeString(journal, "{\"kind\":\"DECI", StandardOpenOption.APPEND);
    VerificationResult torn = verifier.verifyJournal(journal);
    assertThat(torn.ok()).isTrue();
    assertThat(torn.tornTailBytes()).isEqualTo(13);

    try (AuditJournal j = AuditJournal.open(TestRecords.options(journal, clock).build())) {
      assertThat(j.recovered()).isPresent();
    }
    VerificationResult sealed = verifier.verifyJournal(journal);
    assertThat(sealed.firstProblem()).isEmpty();
    assertThat(sealed.tornTailBytes()).isZero();
    assertThat(sealed.records()).isEqualTo(15); // + RECOVERED + close checkpoint
  }

  @Test
  void aGarbledLineInTheMiddleIsMalformed() throws Exception {
    List<String> lines = lines();
    lines.set(2, lines.get(2).substring(0, 40));
    write(lines);
    VerificationResult.Problem p = firstProblem();
    assertThat(p.kind()).isEqualTo(ProblemKind.MALFORMED);
    assertThat(p.position()).isEqualTo(3);
  }

  @Test
  void aTornTailSealedOnReopenIsCountedAsRecoveredNotAsTampering() throws Exception {
    Path file = dir.resolve("torn.jsonl");
    try (AuditJournal journal = AuditJournal.open(TestRecords.options(file, clock).build())) {
      journal.append(TestRecords.decision(clock, 1));
    }
    // a crash in the middle of a line
    Files.writeString(file, "{\"decision\":\"AL", StandardOpenOption.APPEND);
    AuditVerifier verifier = new AuditVerifier(TestRecords.KEYS.getPublic());
    VerificationResult torn = verifier.verifyJournal(file);
    assertThat(torn.ok()).isTrue();
    assertThat(torn.tornTailBytes()).isEqualTo(15);
    assertThat(torn.recoveredTails()).isZero();

    try (AuditJournal journal = AuditJournal.open(TestRecords.options(file, clock).build())) {
      journal.append(TestRecords.decision(clock, 2));
    }
    VerificationResult sealed = verifier.verifyJournal(file);
    assertThat(sealed.ok()).as(String.valueOf(sealed.problem())).isTrue();
    assertThat(sealed.recoveredTails()).isEqualTo(1);
    assertThat(sealed.tornTailBytes()).isZero();
  }
}
