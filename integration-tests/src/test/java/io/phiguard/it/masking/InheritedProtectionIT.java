package io.phiguard.it.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phiguard.driver.PhiGuard;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL partitions and inheritance children hold a protected table's rows under its column
 * names: the policy names the parent, and every descendant is protected as the parent is.
 */
class InheritedProtectionIT {
  private static final String POLICY =
      """
      version: 1
      protect:
        claims:
          member_ssn: partial(0, 4)
        members:
          full_name: redact
      unmask:
        - groups: [clinician]
          allow-unverified: true
      """;

  @TempDir Path dir;

  @AfterEach
  void closeAuditTrails() {
    PhiGuard.shutdown();
  }

  private Connection open(TestDatabase db, String subject, String groups) throws Exception {
    Path policy = Files.writeString(dir.resolve("phiguard.yaml"), POLICY);
    Properties properties = new Properties();
    properties.putAll(db.credentials());
    properties.setProperty("phiguard.config", policy.toString());
    properties.setProperty("phiguard.subject", subject);
    if (groups != null) {
      properties.setProperty("phiguard.groups", groups);
    }
    return DriverManager.getConnection(db.phiguardUrl(), properties);
  }

  private static List<String> column(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  @Test
  void partitionsAndChildrenOfProtectedTablesAreMaskedAndOraclesRefused() throws Exception {
    try (TestDatabase db = TestDatabases.create(TestDatabases.Kind.POSTGRESQL)) {
      try (Connection raw = db.openRaw();
          Statement st = raw.createStatement()) {
        st.execute(
            "CREATE TABLE claims (id INT, member_ssn TEXT, amount INT, PRIMARY KEY (id))"
                + " PARTITION BY RANGE (id)");
        st.execute("CREATE TABLE claims_low PARTITION OF claims FOR VALUES FROM (0) TO (100)");
        // a sub-partitioned partition: protection follows every level
        st.execute(
            "CREATE TABLE claims_high PARTITION OF claims FOR VALUES FROM (100) TO (1000)"
                + " PARTITION BY RANGE (id)");
        st.execute(
            "CREATE TABLE claims_high_a PARTITION OF claims_high FOR VALUES FROM (100) TO (1000)");
        st.execute("CREATE TABLE members (id INT PRIMARY KEY, full_name TEXT)");
        st.execute("CREATE TABLE vip_members (tier INT) INHERITS (members)");
        st.executeUpdate(
            "INSERT INTO claims VALUES (1, '900-22-0001', 10), (150, '900-22-0150', 20)");
        st.executeUpdate("INSERT INTO vip_members VALUES (7, 'Vera Canary', 1)");
      }
      try (Connection analyst = open(db, "analyst", null)) {
        assertThat(column(analyst, "SELECT member_ssn FROM claims_low"))
            .containsExactly("*******0001");
        assertThat(column(analyst, "SELECT member_ssn FROM claims_high_a"))
            .containsExactly("*******0150");
        assertThat(column(analyst, "SELECT member_ssn FROM claims ORDER BY id"))
            .containsExactly("*******0001", "*******0150");
        assertThat(column(analyst, "SELECT full_name FROM vip_members")).containsExactly("*****");
        assertThat(column(analyst, "SELECT full_name FROM members")).containsExactly("*****");
        SQLException oracle =
            catchThrowableOfType(
                SQLException.class,
                () -> column(analyst, "SELECT id FROM claims_high_a WHERE member_ssn LIKE '9%'"));
        assertThat(oracle.getSQLState()).isEqualTo("42501");
        assertThat(oracle.getMessage()).doesNotContain("900-22");
        SQLException overwrite =
            catchThrowableOfType(
                SQLException.class,
                () -> {
                  try (Statement st = analyst.createStatement()) {
                    st.executeUpdate("UPDATE claims_low SET member_ssn = 'x' WHERE id = 1");
                  }
                });
        assertThat(overwrite.getSQLState()).isEqualTo("42501");
      }
      try (Connection clinician = open(db, "dr-lee", "clinician")) {
        assertThat(column(clinician, "SELECT member_ssn FROM claims_high_a"))
            .containsExactly("900-22-0150");
        assertThat(column(clinician, "SELECT full_name FROM vip_members"))
            .containsExactly("Vera Canary");
      }
    }
  }
}
