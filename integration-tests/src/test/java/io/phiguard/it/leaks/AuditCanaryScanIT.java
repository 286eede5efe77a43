package io.phiguard.it.leaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phiguard.driver.PhiGuard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit canary scan the leak suite runs after each test can fail: a canary form planted in the
 * journal, or only in the H2 store's bytes, is found and named (never printed); the trail of a
 * masked analyst's statements, canary literals in its WHERE clauses included, scans clean.
 */
class AuditCanaryScanIT {
  @TempDir Path dir;

  @AfterEach
  void shutdown() {
    PhiGuard.shutdown();
  }

  @BeforeEach
  void writeATrail() throws Exception {
    String url = "jdbc:h2:mem:scan-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (Connection raw = DriverManager.getConnection(url);
        Statement st = raw.createStatement()) {
      st.execute(
          "CREATE TABLE patients (id INT PRIMARY KEY, mrn VARCHAR(20), full_name VARCHAR(80),"
              + " ssn VARCHAR(11), email VARCHAR(80), dob DATE, zip VARCHAR(10), ward"
              + " VARCHAR(20))");
      st.executeUpdate("INSERT INTO patients VALUES " + Canaries.ZEBULON.values());
    }
    Files.writeString(dir.resolve("phiguard.yaml"), LeakSuiteIT.POLICY);
    Properties properties = new Properties();
    properties.setProperty("phiguard.config", dir.resolve("phiguard.yaml").toString());
    properties.setProperty("phiguard.subject", "analyst");
    try (Connection analyst =
            DriverManager.getConnection(url.replace("jdbc:", "jdbc:phiguard:"), properties);
        Statement st = analyst.createStatement()) {
      for (int i = 0; i < 20; i++) {
        try (ResultSet rs = st.executeQuery("SELECT ssn, full_name FROM patients")) {
          assertThat(rs.next()).isTrue();
        }
      }
      // literals are removed from the audited SQL: the canaries in these never reach the trail
      try (PreparedStatement ps =
          analyst.prepareStatement("SELECT ward FROM patients WHERE ward = 'Zebulon Quixotic'")) {
        ps.executeQuery().close();
      }
      try {
        st.executeQuery("SELECT id FROM patients WHERE ssn = '" + Canaries.ZEBULON.ssn() + "'");
      } catch (SQLException denied) {
        assertThat(denied.getSQLState()).isEqualTo("42501");
      }
    }
    PhiGuard.shutdown();
  }

  @Test
  void aCleanTrailScansCleanAndTheStoreIsComplete() throws Exception {
    AuditCanaryScan.Summary scanned = AuditCanaryScan.scan(dir);

    assertThat(scanned.decisions()).isGreaterThanOrEqualTo(22);
    assertThat(scanned.storeRows()).isEqualTo(scanned.journalRecords());
    assertThat(scanned.bytesScanned()).isGreaterThan(10_000);
  }

  @Test
  void aCanaryDigestPlantedInTheJournalIsFound() throws Exception {
    Path journal = dir.resolve(AuditCanaryScan.JOURNAL);
    List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
    String decision =
        lines.stream().filter(l -> l.contains("\"kind\":\"DECISION\"")).findFirst().orElseThrow();
    String sha256 =
        HexFormat.of()
            .withUpperCase()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(Canaries.ZEBULON.ssn().getBytes(StandardCharsets.UTF_8)));
    String planted =
        decision.replaceFirst(
            "\"normalized_sql\":\"", "\"normalized_sql\":\"SELECT '" + sha256 + "' ");
    assertThat(planted).isNotEqualTo(decision);
    Files.writeString(journal, planted + "\n", StandardOpenOption.APPEND);

    AssertionError found =
        catchThrowableOfType(AssertionError.class, () -> AuditCanaryScan.scan(dir));
    assertThat(found).hasMessageContaining(AuditCanaryScan.JOURNAL).hasMessageContaining("SHA-256");
    assertThat(found.getMessage()).doesNotContain(sha256).doesNotContainIgnoringCase(sha256);
  }

  @Test
  void aCanaryOnlyInTheStoreBytesIsFound() throws Exception {
    String reversed = new StringBuilder(Canaries.ZEBULON.fullName()).reverse().toString();
    String url = "jdbc:h2:file:" + dir.resolve(AuditCanaryScan.STORE);
    try (Connection store = DriverManager.getConnection(url, "", "");
        PreparedStatement ps =
            store.prepareStatement(
                "UPDATE phiguard_audit SET subject = ? WHERE seq = (SELECT max(seq) FROM"
                    + " phiguard_audit WHERE kind = 'DECISION')")) {
      ps.setString(1, reversed);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }

    AssertionError found =
        catchThrowableOfType(AssertionError.class, () -> AuditCanaryScan.scan(dir));
    assertThat(found).hasMessageContaining(AuditCanaryScan.STORE).hasMessageContaining("reversed");
  }
}
