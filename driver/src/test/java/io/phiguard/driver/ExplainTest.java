package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.policy.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explain API answers what the gate would do, runs nothing and refuses nothing. */
class ExplainTest {
  @TempDir Path dir;
  private Connection setup;
  private Connection guarded;

  @BeforeEach
  void open() throws Exception {
    String url = GuardFixtures.h2Url();
    setup = DriverManager.getConnection(url, "sa", "");
    try (Statement s = setup.createStatement()) {
      s.execute("CREATE TABLE patients(id INT PRIMARY KEY, ssn VARCHAR(11), city VARCHAR(40))");
      s.execute("INSERT INTO patients VALUES (1, '123-45-6789', 'Springfield')");
    }
    Path policy = dir.resolve("phiguard.yaml");
    Files.writeString(
        policy,
        """
        version: 1
        protect:
          patients:
            ssn: partial(0, 4)
        unmask:
          - groups: [clinician]
        """);
    Properties props = new Properties();
    props.setProperty("user", "sa");
    props.setProperty("password", "");
    props.setProperty("phiguard.config", policy.toString());
    props.setProperty("phiguard.subject", "analyst");
    guarded = new PhiGuardDriver().connect("jdbc:phiguard:" + url.substring(5), props);
  }

  @AfterEach
  void close() throws SQLException {
    guarded.close();
    PhiGuard.shutdown();
    setup.close();
  }

  @Test
  void aMaskedReadShowsTheRewriteTheMaskedColumnsAndTheLineage() throws SQLException {
    Explanation e = PhiGuard.explain(guarded, "SELECT id, ssn FROM patients WHERE id = 1");

    assertThat(e.decision()).isEqualTo(Explanation.Decision.MASK);
    assertThat(e.sqlState()).isNull();
    assertThat(e.maskedColumns()).containsExactly("PATIENTS.SSN");
    assertThat(e.sqlToRun())
        .containsIgnoringCase("FROM (SELECT")
        .doesNotContain("ssn FROM patients)");
    assertThat(e.statements()).singleElement().satisfies(f -> assertThat(f.outputs()).hasSize(2));
    assertThat(e.identity()).contains("analyst");
    assertThat(e.render()).contains("decision:   MASK", "SSN <- PATIENTS.SSN", "runs:");
  }

  @Test
  void aRefusalIsAnsweredNotThrownAndNamesRuleAndSqlState() throws SQLException {
    Explanation e = PhiGuard.explain(guarded, "SELECT id FROM patients WHERE ssn LIKE '1%'");

    assertThat(e.decision()).isEqualTo(Explanation.Decision.DENY);
    assertThat(e.sqlState()).isEqualTo("42501");
    assertThat(e.rule()).isEqualTo("protect:PATIENTS.SSN");
    assertThat(e.sqlToRun()).isNull();
    assertThat(e.render()).contains("filters:  PATIENTS.SSN in WHERE");
  }

  @Test
  void anotherIdentityCanBeExplainedAndAnUnmaskedOneRunsUnchanged() throws SQLException {
    Explanation e =
        PhiGuard.explain(
            guarded, "SELECT ssn FROM patients", Identity.of("dr-who").groups("clinician").build());

    assertThat(e.decision()).isEqualTo(Explanation.Decision.ALLOW);
    assertThat(e.sqlToRun()).isEqualTo("SELECT ssn FROM patients");
    assertThat(e.statements()).isNotEmpty();
  }

  @Test
  void explainRunsNothing() throws SQLException {
    Explanation e = PhiGuard.explain(guarded, "DELETE FROM patients WHERE id = 1");

    assertThat(e.sqlToRun()).isNotNull();
    try (ResultSet rs = setup.createStatement().executeQuery("SELECT COUNT(*) FROM patients")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void aConnectionThatIsNotPhiGuardsIsRefusedClearly() {
    assertThatThrownBy(() -> PhiGuard.explain(setup, "SELECT 1"))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getMessage()).contains("PhiGuard connection"));
  }
}
