package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table that does not exist yet is not in the catalog; creating it reads nothing, so a masked
 * identity may create (and drop) its own tables. Protected names and copies stay refused.
 */
class DdlByMaskedIdentityTest {
  @TempDir Path dir;
  private String url;
  private Connection setup;
  private Connection analyst;

  @BeforeEach
  void open() throws Exception {
    url = GuardFixtures.h2Url();
    setup = DriverManager.getConnection(url, "sa", "");
    try (Statement s = setup.createStatement()) {
      s.execute("CREATE TABLE patients(id INT PRIMARY KEY, ssn VARCHAR(11))");
    }
    Path policy = dir.resolve("phiguard.yaml");
    Files.writeString(policy, "version: 1\nprotect:\n  patients:\n    ssn: redact\n");
    Properties props = new Properties();
    props.setProperty("user", "sa");
    props.setProperty("password", "");
    props.setProperty("phiguard.config", policy.toString());
    props.setProperty("phiguard.subject", "analyst");
    analyst = new PhiGuardDriver().connect("jdbc:phiguard:" + url.substring(5), props);
  }

  @AfterEach
  void close() throws SQLException {
    analyst.close();
    PhiGuard.shutdown();
    setup.close();
  }

  @Test
  void aMaskedIdentityCreatesUsesAndDropsItsOwnTable() throws SQLException {
    try (Statement s = analyst.createStatement()) {
      s.execute("CREATE TABLE scratch(id INT PRIMARY KEY, note VARCHAR(20))");
      assertThat(s.executeUpdate("INSERT INTO scratch VALUES (1, 'x')")).isEqualTo(1);
      s.execute("DROP TABLE scratch");
      s.execute("DROP TABLE IF EXISTS never_created");
    }
  }

  @Test
  void protectedNamesAndCopiesOfProtectedDataStayRefused() throws SQLException {
    try (Statement s = analyst.createStatement()) {
      assertThatThrownBy(() -> s.execute("CREATE TABLE copy_t AS SELECT ssn FROM patients"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
      assertThatThrownBy(() -> s.execute("DROP TABLE patients"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }
    try (Statement raw = setup.createStatement()) {
      assertThat(raw.executeQuery("SELECT COUNT(*) FROM patients").next()).isTrue();
    }
  }
}
