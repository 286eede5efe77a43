package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot path is a cache hit: a statement seen before is not parsed again, whatever its bound
 * values, statement kind or masked identity; DDL through the driver and a changed policy file make
 * the next statement be analysed afresh.
 */
class AnalysisCacheTest {
  private static final String QUERY = "SELECT id, ssn, city FROM patients WHERE id = ?";

  @TempDir Path dir;
  private Path policyFile;
  private String url;
  private Connection setup;

  @BeforeEach
  void patients() throws Exception {
    url = GuardFixtures.h2Url();
    setup = DriverManager.getConnection(url, "sa", "");
    try (Statement s = setup.createStatement()) {
      s.execute("CREATE TABLE patients(id INT PRIMARY KEY, ssn VARCHAR(11), city VARCHAR(40))");
      s.execute("INSERT INTO patients VALUES (1, '123-45-6789', 'Springfield')");
    }
    policyFile = dir.resolve("phiguard.yaml");
    writePolicy("ssn: partial(0, 4)");
  }

  @AfterEach
  void close() throws SQLException {
    PhiGuard.shutdown();
    setup.close();
  }

  private void writePolicy(String ssnRule) throws Exception {
    Files.writeString(policyFile, "version: 1\nprotect:\n  patients:\n    " + ssnRule + "\n");
  }

  private Connection guarded(String subject) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "sa");
    props.setProperty("password", "");
    props.setProperty("phiguard.config", policyFile.toString());
    props.setProperty("phiguard.subject", subject);
    return new PhiGuardDriver().connect("jdbc:phiguard:" + url.substring("jdbc:".length()), props);
  }

  @Test
  void aRepeatedStatementIsParsedOnceAndDdlOrAPolicyChangeParsesItAgain() throws Exception {
    Policy policy = PolicyCache.load(policyFile.toAbsolutePath().normalize());
    try (Connection analyst = guarded("analyst");
        Connection auditor = guarded("auditor")) {
      for (int id = 0; id < 50; id++) {
        try (PreparedStatement ps = analyst.prepareStatement(QUERY)) {
          ps.setInt(1, id % 2 == 0 ? 1 : id);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              assertThat(rs.getString("ssn")).isEqualTo("*******6789");
            }
          }
        }
      }
      try (PreparedStatement ps = auditor.prepareStatement(QUERY)) {
        ps.setInt(1, 1);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString("ssn")).isEqualTo("*******6789");
        }
      }
      // 51 prepares and 51 executes (each re-judged), two masked identities: one parse
      assertThat(PolicyEngine.parsesOf(policy)).isEqualTo(1);

      try (Statement s = analyst.createStatement()) {
        s.execute("CREATE TABLE visits(id INT PRIMARY KEY)");
      }
      long afterDdl = PolicyEngine.parsesOf(policy);
      try (PreparedStatement ps = analyst.prepareStatement(QUERY)) {
        ps.setInt(1, 1);
        ps.executeQuery().close();
      }
      // the catalog changed: the statement is analysed against the new one, once
      assertThat(PolicyEngine.parsesOf(policy)).isEqualTo(afterDdl + 1);
    }

    writePolicy("ssn: redact");
    Files.setLastModifiedTime(policyFile, FileTime.from(Instant.now().plusSeconds(5)));
    try (Connection analyst = guarded("analyst");
        PreparedStatement ps = analyst.prepareStatement(QUERY)) {
      Policy reloaded = PolicyCache.load(policyFile.toAbsolutePath().normalize());
      assertThat(reloaded).isNotSameAs(policy);
      ps.setInt(1, 1);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("ssn")).doesNotContain("6789");
      }
      assertThat(PolicyEngine.parsesOf(reloaded)).isEqualTo(1);
    }
  }
}
