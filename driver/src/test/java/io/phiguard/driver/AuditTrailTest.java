package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phiguard.audit.AuditJournal;
import io.phiguard.audit.CheckpointKeys;
import io.phiguard.audit.CheckpointSigner;
import io.phiguard.audit.JournalOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening and closing the audit trail: what shutdown delivers and what a failed open releases. */
class AuditTrailTest {
  @TempDir Path dir;

  @AfterEach
  void shutdown() {
    PhiGuard.shutdown();
  }

  private Connection open(String store) throws Exception {
    Path policy =
        Files.writeString(
            dir.resolve("phiguard.yaml"),
            """
            version: 1
            protect:
              patients: { ssn: redact }
            audit:
              store: %s
              journal: ./journal/phiguard.jsonl
            """
                .formatted(store));
    Properties properties = new Properties();
    properties.setProperty("phiguard.config", policy.toString());
    properties.setProperty("phiguard.subject", "analyst");
    String url = GuardFixtures.h2Url();
    try (Connection raw = DriverManager.getConnection(url);
        Statement st = raw.createStatement()) {
      st.execute("CREATE TABLE visits (id INT PRIMARY KEY)");
    }
    return DriverManager.getConnection(url.replace("jdbc:", "jdbc:phiguard:"), properties);
  }

  @Test
  void shutdownDeliversEveryJournaledRecordToTheStoreTheFinalCheckpointIncluded() throws Exception {
    try (Connection c = open("file:./store.jsonl");
        Statement st = c.createStatement()) {
      for (int i = 0; i < 20; i++) {
        st.executeUpdate("INSERT INTO visits (id) VALUES (" + i + ")");
      }
    }
    PhiGuard.shutdown();

    List<String> journal =
        Files.readAllLines(dir.resolve("journal/phiguard.jsonl"), StandardCharsets.UTF_8);
    List<String> store = Files.readAllLines(dir.resolve("store.jsonl"), StandardCharsets.UTF_8);
    assertThat(journal.get(journal.size() - 1)).contains("\"kind\":\"CHECKPOINT\"");
    // the checkpoint close() writes after the shipper stopped reaches the store too
    assertThat(store).isEqualTo(journal);
  }

  @Test
  void outcomesCarryTheRowsChangedAndTheDuration() throws Exception {
    try (Connection c = open("file:./store.jsonl");
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO visits (id) VALUES (1), (2), (3)");
      st.addBatch("DELETE FROM visits WHERE id = 1");
      st.addBatch("DELETE FROM visits WHERE id > 1");
      st.executeBatch();
      st.executeQuery("SELECT id FROM visits").close();
      st.executeUpdate("INSERT INTO visits (id) VALUES (7), (8)");
      try (var rs = st.executeQuery("SELECT id FROM visits ORDER BY id")) {
        while (rs.next()) {
          // read both rows
        }
      }
      var left = st.executeQuery("SELECT id FROM visits");
      left.next(); // one row read, then the statement closes it
    }
    PhiGuard.shutdown();

    List<String> outcomes =
        Files.readAllLines(dir.resolve("journal/phiguard.jsonl"), StandardCharsets.UTF_8).stream()
            .filter(l -> l.contains("\"kind\":\"OUTCOME\""))
            .toList();
    // addBatch records an outcome of its own (judged where added): the batch runs after it
    assertThat(outcomes)
        .filteredOn(l -> l.contains("\"rows\"") && !l.contains("result set closed"))
        .extracting(l -> l.replaceAll(".*\"rows\":(\\d+).*", "$1"))
        .containsExactly("3", "1", "2", "2");
    assertThat(outcomes).allMatch(l -> l.matches(".*\"duration_us\":\\d+.*"));
    // a query's rows are read later, through its result set: recorded when it closes
    assertThat(outcomes)
        .filteredOn(l -> l.contains("result set closed"))
        .extracting(l -> l.replaceAll(".*\"rows\":(\\d+).*", "$1"))
        .containsExactly("0", "2", "1");
  }

  @Test
  void aTrailThatCannotOpenItsStoreReleasesTheJournal() throws Exception {
    Files.writeString(dir.resolve("blocker"), "a file where the store's directory should be");
    SQLException refused =
        catchThrowableOfType(SQLException.class, () -> open("file:./blocker/store.jsonl"));
    assertThat(refused.getSQLState()).isEqualTo("PH007");

    // the writer lock is free again: a trail with a reachable store can take the journal
    Path journal = dir.resolve("journal/phiguard.jsonl");
    try (AuditJournal reopened =
        AuditJournal.open(
            JournalOptions.builder(
                    journal,
                    new CheckpointSigner(
                        CheckpointKeys.readKeyPair(journal.resolveSibling("phiguard.jsonl.key"))))
                .build())) {
      assertThat(reopened.lastSeq()).isZero();
    }
  }
}
