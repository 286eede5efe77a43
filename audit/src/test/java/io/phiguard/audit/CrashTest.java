package io.phiguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A child JVM appending from 4 threads is killed with SIGKILL at a random moment, twice in a row on
 * the same journal: every record whose append returned is in the journal and the chain verifies.
 * (The full crash test — 20,000 statements through the driver, 5 kills — belongs with the
 * driver.)
 */
class CrashTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Durability.class)
  void everyAppendThatReturnedSurvivesKillDashNine(Durability mode) throws Exception {
    Path journal = dir.resolve("journal.jsonl");
    Path keyFile = dir.resolve("checkpoint.key");
    CheckpointKeys.writeKeyPair(TestRecords.KEYS, keyFile);
    long acknowledged = 0;
    for (int round = 0; round < 2; round++) {
      int killAfter = 200 + ThreadLocalRandom.current().nextInt(400);
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashWriter.class.getName(),
                  journal.toString(),
                  keyFile.toString(),
                  mode.name(),
                  "4")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      long seen = 0;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
        String line;
        int lines = 0;
        while (lines < killAfter && (line = out.readLine()) != null) {
          seen = Math.max(seen, Long.parseLong(line.trim()));
          lines++;
        }
        assertThat(lines).as("the child kept appending").isEqualTo(killAfter);
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
        child.waitFor();
      }
      acknowledged = seen;

      VerificationResult result =
          new AuditVerifier(TestRecords.KEYS.getPublic()).verifyJournal(journal);
      assertThat(result.firstProblem()).as("round %d", round).isEmpty();
      long last = result.lastSeqByWriter().values().iterator().next();
      assertThat(last).isGreaterThanOrEqualTo(acknowledged);
    }
    // the next writer seals whatever the last kill left and continues the same chain
    try (AuditJournal reopened =
        AuditJournal.open(JournalOptions.builder(journal, TestRecords.SIGNER).build())) {
      assertThat(reopened.lastSeq()).isGreaterThanOrEqualTo(acknowledged);
    }
    assertThat(new AuditVerifier(TestRecords.KEYS.getPublic()).verifyJournal(journal).ok())
        .isTrue();
  }
}
