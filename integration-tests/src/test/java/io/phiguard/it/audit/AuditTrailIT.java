package io.phiguard.it.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phiguard.audit.AuditVerifier;
import io.phiguard.audit.CheckpointKeys;
import io.phiguard.audit.VerificationResult;
import io.phiguard.driver.PhiGuard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail through the driver: every decision reaches the journal before the statement runs,
 * denials included; outcomes follow; the shipper moves the chain to the store; nothing in either
 * file is a PHI value; and a journal that cannot be opened refuses the connection.
 */
class AuditTrailIT {
  private static final List<String> CANARIES =
      List.of("900-11-0001", "Avery Canary", "avery.canary@example.org", "1961-02-03");

  @TempDir Path dir;

  @AfterEach
  void closeAuditTrails() {
    // the trail writes into the temp directory until it is closed
    PhiGuard.shutdown();
  }

  private Connection open(String url, Path policy, String subject) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("phiguard.config", policy.toString());
    properties.setProperty("phiguard.subject", subject);
    return DriverManager.getConnection(url, properties);
  }

  private Path policy(String audit) throws Exception {
    return Files.writeString(
        dir.resolve("phiguard.yaml"),
        """
        version: 1
        protect:
          patients:
            ssn: partial(0, 4)
            full_name: redact
        %s
        """
            .formatted(audit));
  }

  @Test
  void decisionsAndOutcomesAreJournaledShippedAndVerifiableWithoutValues() throws Exception {
    Path policy =
        policy(
            """
            audit:
              store: file:./store/audit.jsonl
              journal: ./journal/phiguard.jsonl
            """);
    String url = "jdbc:phiguard:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (Connection raw = DriverManager.getConnection(url.replace("jdbc:phiguard:", "jdbc:"));
        Statement st = raw.createStatement()) {
      st.execute(
          "CREATE TABLE patients (id INT PRIMARY KEY, full_name VARCHAR(80), ssn VARCHAR(11), dob DATE)");
      st.execute(
          "INSERT INTO patients VALUES (1, 'Avery Canary', '900-11-0001', DATE '1961-02-03')");
    }
    try (Connection analyst = open(url, policy, "analyst");
        Statement st = analyst.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT full_name, ssn FROM patients WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(2)).isEqualTo("*******0001");
      }
      SQLException denied =
          catchThrowableOfType(
              SQLException.class,
              () -> st.executeQuery("SELECT id FROM patients WHERE ssn = '900-11-0001'"));
      assertThat(denied.getSQLState()).isEqualTo("42501");
      try (ResultSet rs =
          st.executeQuery("SELECT count(*) FROM patients WHERE dob < DATE '1970-01-01'")) {
        assertThat(rs.next()).isTrue();
      }
    }

    Path journal = dir.resolve("journal/phiguard.jsonl");
    String text = Files.readString(journal, StandardCharsets.UTF_8);
    List<String> decisions = text.lines().filter(l -> l.contains("\"kind\":\"DECISION\"")).toList();
    assertThat(decisions).hasSize(3);
    assertThat(decisions.get(0)).contains("\"decision\":\"MASK\"", "\"subject\":\"analyst\"");
    assertThat(decisions.get(1)).contains("\"decision\":\"DENY\"", "protect:PATIENTS.SSN");
    // each query: one outcome when it ran, one with the rows read when its result set closed
    assertThat(text.lines().filter(l -> l.contains("\"kind\":\"OUTCOME\""))).hasSize(4);
    assertThat(text.lines().filter(l -> l.contains("result set closed")))
        .allMatch(l -> l.contains("\"rows\":1"))
        .hasSize(2);
    assertThat(text)
        .contains("WHERE ssn = ?")
        .doesNotContain(CANARIES)
        .doesNotContain("1970-01-01");

    VerificationResult verified =
        new AuditVerifier(
                CheckpointKeys.readKeyPair(dir.resolve("journal/phiguard.jsonl.key")).getPublic())
            .verifyJournal(journal);
    assertThat(verified.ok()).as(String.valueOf(verified.firstProblem())).isTrue();

    // the shipper moves the chain to the store on its own
    Path store = dir.resolve("store/audit.jsonl");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
    while (Instant.now().isBefore(deadline)
        && !(Files.exists(store)
            && Files.readString(store)
                    .lines()
                    .filter(l -> l.contains("\"kind\":\"OUTCOME\""))
                    .count()
                >= 2)) {
      Thread.onSpinWait();
      Thread.sleep(20);
    }
    String shipped = Files.readString(store, StandardCharsets.UTF_8);
    assertThat(shipped.lines().filter(l -> l.contains("\"kind\":\"DECISION\""))).hasSize(3);
    assertThat(shipped).doesNotContain(CANARIES);
  }

  @Test
  void aJournalThatCannotBeOpenedRefusesTheConnection() throws Exception {
    Files.writeString(dir.resolve("blocker"), "a file where the journal's directory should be");
    Path policy =
        policy(
            """
            audit:
              store: file:./store.jsonl
              journal: ./blocker/phiguard.jsonl
            """);
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () -> open("jdbc:phiguard:h2:mem:blocked-" + UUID.randomUUID(), policy, "analyst"));
    assertThat(e.getSQLState()).isEqualTo("PH007");
    assertThat(e.getMessage()).contains("audit", "blocker");
  }
}
