package io.phiguard.audit;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** Drafts, keys, clocks and journals for the audit tests. */
final class TestRecords {
  static final KeyPair KEYS = CheckpointKeys.generate();
  static final CheckpointSigner SIGNER = new CheckpointSigner(KEYS);

  private TestRecords() {}

  static AuditIdentity alice() {
    return new AuditIdentity(
        "alice@example.org",
        PrincipalType.AGENT,
        List.of("clinicians"),
        List.of("dr.bob@example.org"),
        true,
        "token");
  }

  static AuditRecord decision(Clock clock, int i) {
    return AuditRecord.builder(RecordKind.DECISION, clock.instant())
        .identity(alice())
        .datasource("jdbc:postgresql://db:5432/ehr?user=app&password=hunter2&ssl=true")
        .dbUser("app")
        .statementClass(StatementClass.READ)
        .normalizedSql("SELECT name, ssn FROM patients WHERE id = ?")
        .fingerprint("fp-" + (i % 7))
        .tables(List.of("public.patients"))
        .maskedColumns(List.of("public.patients.ssn"))
        .decision(AuditDecision.MASK)
        .rule("mask-ssn")
        .policyVersion("v3")
        .decisionId("d-" + i)
        .build();
  }

  static AuditRecord outcome(Clock clock, int i) {
    return AuditRecord.builder(RecordKind.OUTCOME, clock.instant())
        .identity(alice())
        .statementClass(StatementClass.READ)
        .fingerprint("fp-" + (i % 7))
        .rows(3L)
        .durationMicros(1200L)
        .decisionId("d-" + i)
        .build();
  }

  static JournalOptions.Builder options(Path file, Clock clock) {
    return JournalOptions.builder(file, SIGNER)
        .writerName("test")
        .clock(clock)
        .checkpointEvery(4)
        .checkpointInterval(Duration.ofSeconds(30));
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    static MutableClock start() {
      return new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
