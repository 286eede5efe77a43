package io.phiguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared store: a round trip through PostgreSQL in a fresh {@code phiguard_it_<random>}
 * database (skipped when no server answers, failed with {@code PHIGUARD_IT_REQUIRE_DB=true}).
 */
class PostgresSinkTest {
  @TempDir Path dir;
  private final TestRecords.MutableClock clock = TestRecords.MutableClock.start();

  @Test
  void recordsRoundTripThroughPostgresqlAndTheChainVerifiesThere() throws Exception {
    try (TestDatabase db = TestDatabases.create(TestDatabases.Kind.POSTGRESQL)) {
      Path journalFile = dir.resolve("journal.jsonl");
      JdbcSink sink = JdbcSink.create(db.jdbcUrl(), db.credentials(), "audit.records");
      try (Connection c = db.openRaw();
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA audit");
      }
      try (AuditJournal journal =
          AuditJournal.open(TestRecords.options(journalFile, clock).build())) {
        for (int i = 1; i <= 6; i++) {
          journal.append(TestRecords.decision(clock, i));
          journal.append(TestRecords.outcome(clock, i));
        }
      }
      Shipper shipper = Shipper.create(ShipperOptions.builder(journalFile, sink).build());
      assertThat(shipper.shipAvailable()).isEqualTo(15); // 12 + 3 checkpoints
      sink.store(Files.readAllLines(journalFile).stream().map(AuditRecordCodec::parse).toList());
      sink.close();

      List<String> journalLines = Files.readAllLines(journalFile, StandardCharsets.UTF_8);
      try (Connection c = db.openRaw()) {
        c.setReadOnly(true);
        List<String> writers = JdbcSink.writers(c, "audit.records");
        assertThat(writers).hasSize(1);
        List<String> stored = JdbcSink.readChain(c, "audit.records", writers.get(0));
        assertThat(stored).isEqualTo(journalLines);
        VerificationResult result =
            new AuditVerifier(TestRecords.KEYS.getPublic())
                .verifyChain(writers.get(0), stored.iterator(), List.of());
        assertThat(result.firstProblem()).isEmpty();
        assertThat(result.checkpoints()).isEqualTo(3);
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT count(*), count(DISTINCT decision_id), min(subject) FROM audit.records"
                        + " WHERE kind IN ('DECISION', 'OUTCOME')")) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(12);
          assertThat(rs.getLong(2)).isEqualTo(6);
          assertThat(rs.getString(3)).isEqualTo("alice@example.org");
        }
      }
    }
  }
}
