package io.phiguard.bench;

import io.phiguard.audit.AuditDecision;
import io.phiguard.audit.AuditIdentity;
import io.phiguard.audit.AuditJournal;
import io.phiguard.audit.AuditRecord;
import io.phiguard.audit.CheckpointKeys;
import io.phiguard.audit.CheckpointSigner;
import io.phiguard.audit.Durability;
import io.phiguard.audit.JournalOptions;
import io.phiguard.audit.PrincipalType;
import io.phiguard.audit.RecordKind;
import io.phiguard.audit.StatementClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (g) {@link AuditJournal#append} of one DECISION record shaped like the driver's (identity,
 * datasource, normalized SQL, fingerprint, tables, masked columns, policy version), in {@code
 * WRITE} (one {@code write(2)}) or {@code FSYNC} ({@code write} + {@code fdatasync}) durability,
 * with the default checkpoint every 1,000 records (signed and always forced) amortized in: {@code
 * checkpoints=inline} signs and forces it inside the append that makes it due (the journal's
 * default), {@code background} hands it to the journal's checkpointer thread (what the driver
 * uses). The journal lives in a temporary directory under {@code java.io.tmpdir}; on a tmpfs {@code
 * fsync} would cost nothing, so check where that is before reading the fsync figure.
 *
 * <p>The driver appends two records per statement (DECISION before, OUTCOME after): see {@link
 * GateBenchmarks} for the whole per-statement audit cost.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AuditJournalBenchmarks {

  @Param({"write", "fsync"})
  public String durability;

  @Param({"inline", "background"})
  public String checkpoints;

  /** The journal's default; a smaller value (e.g. {@code -p checkpointEvery=10}) magnifies it. */
  @Param({"1000"})
  public int checkpointEvery;

  private Path dir;
  private AuditJournal journal;
  private AuditIdentity identity;
  private long decisionId;

  @Setup(Level.Trial)
  public void open() throws Exception {
    dir = Files.createTempDirectory("phiguard-bench-journal-");
    journal =
        AuditJournal.open(
            JournalOptions.builder(
                    dir.resolve("phiguard.jsonl"), new CheckpointSigner(CheckpointKeys.generate()))
                .durability(Durability.valueOf(durability.toUpperCase(Locale.ROOT)))
                .backgroundCheckpoints(checkpoints.equals("background"))
                .checkpointEvery(checkpointEvery)
                .build());
    identity =
        AuditIdentity.of(PolicyFixture.MASKED_SUBJECT, PrincipalType.HUMAN, false, "properties");
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    journal.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** (g) Build and append one DECISION record. */
  @Benchmark
  public AuditRecord append() throws Exception {
    return journal.append(
        AuditRecord.builder(RecordKind.DECISION, Instant.now())
            .identity(identity)
            .datasource("jdbc:h2:mem:gate_0123456789ab")
            .statementClass(StatementClass.READ)
            .normalizedSql("select id, full_name, ssn, email, dob from patients where id = ?")
            .fingerprint("3f1c9a3e5b7d2f4a6c8e0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a")
            .tables(List.of("PATIENTS"))
            .maskedColumns(
                List.of("PATIENTS.DOB", "PATIENTS.EMAIL", "PATIENTS.FULL_NAME", "PATIENTS.SSN"))
            .decision(AuditDecision.MASK)
            .rule("protect:PATIENTS")
            .policyVersion("sha256:0f3e5d7c9b1a")
            .decisionId(Long.toString(++decisionId))
            .build());
  }
}
