package io.phiguard.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.driver.GateDecision;
import io.phiguard.driver.Operation;
import io.phiguard.driver.PhiGuard;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lineage backstop on real drivers: an analysis miss is faked by handing the decision of a
 * statement that reads no protected table a raw result set of the delegate (as if the analysis had
 * missed {@code patients}). Each driver's own metadata (pgjdbc's base names, Connector/J's
 * org_table/org_name, H2's base names) must name the protected columns, which are then masked in
 * Java and audited as LINEAGE_MISS. Lives in the driver's package to reach the package-private
 * wrap.
 */
class LineageBackstopIT {
  private static final String SSN = "900-11-0001";

  @TempDir Path dir;

  @AfterEach
  void shutdown() {
    PhiGuard.shutdown();
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aProtectedColumnTheAnalysisMissedIsMaskedAndAudited(TestDatabases.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      try (Connection raw = db.openRaw();
          Statement st = raw.createStatement()) {
        st.execute(
            "CREATE TABLE patients (id INT PRIMARY KEY, ssn VARCHAR(11), zip VARCHAR(10), dob"
                + " DATE, ward VARCHAR(20))");
        st.executeUpdate(
            "INSERT INTO patients VALUES (1, '" + SSN + "', '94110', DATE '1961-02-03', 'east')");
      }
      Path policy =
          Files.writeString(
              dir.resolve("phiguard.yaml"),
              """
              version: 1
              protect:
                patients:
                  ssn: partial(0, 4)
                  zip: zip3
                  dob: year
              """);
      Properties properties = new Properties();
      properties.putAll(db.credentials());
      properties.setProperty("phiguard.config", policy.toString());
      properties.setProperty("phiguard.subject", "analyst");
      try (GuardedConnection guarded =
              (GuardedConnection) DriverManager.getConnection(db.phiguardUrl(), properties);
          Connection raw = db.openRaw();
          Statement st = raw.createStatement();
          ResultSet unmasked = st.executeQuery("SELECT id, ssn, zip, dob, ward FROM patients")) {
        // the analysis saw no protected table (as when the server resolves a name differently)
        GateDecision decision = guarded.decide(Operation.EXECUTE_QUERY, "SELECT 1", true);
        assertThat(decision.action()).isEqualTo(GateDecision.Action.ALLOW);
        ResultSet rs = guarded.wrap(unmasked, null, decision, true);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.getString(2)).isEqualTo("*******0001");
        assertThat(rs.getString(3)).isEqualTo("94100");
        assertThat(rs.getDate(4)).hasToString("1961-01-01");
        assertThat(rs.getString(5)).isEqualTo("east");
        guarded.outcome(decision, null);
      }
      PhiGuard.shutdown();
      String journal = journalText();
      assertThat(journal).contains("LINEAGE_MISS").doesNotContain(SSN);
      assertThat(journal.split("LINEAGE_MISS", -1)).hasSize(4);
    }
  }

  private String journalText() throws Exception {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (file.toString().contains("journal")) {
          text.append(Files.readString(file, StandardCharsets.ISO_8859_1));
        }
      }
    }
    return text.toString();
  }
}
