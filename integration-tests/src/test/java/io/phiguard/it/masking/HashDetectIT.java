package io.phiguard.it.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phiguard.driver.PhiGuard;
import io.phiguard.policy.Pseudonymizer;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code hash} and {@code detect} end to end on real databases: the same SSN gets the same
 * pseudonym on PostgreSQL, MariaDB (both Connector/Js) and H2; hashed columns cannot be joined,
 * grouped, filtered or computed on; free-text notes come back with PHI replaced by {@code [TYPE]};
 * an unmasked clinician sees raw values; and correctly masked statements report no lineage miss.
 */
class HashDetectIT {
  private static final String KEY = "it-hash-key-0123456789abcdef0123";
  private static final String SSN = "900-11-0001";
  private static final String NOTE =
      "Avery called 212-555-0143 (SSN 123-45-6789, MRN: 00010101) on 2024-03-05;"
          + " mail avery.canary@example.org";
  private static final List<String> CANARIES =
      List.of(
          SSN,
          "900110001",
          "212-555-0143",
          "123-45-6789",
          "00010101",
          "2024-03-05",
          "avery.canary@example.org",
          "Avery Canary");

  private static final String POLICY =
      """
      version: 1
      hash-key: file:%s
      protect:
        patients:
          ssn: hash
          notes: detect
          full_name: redact
      unmask:
        - groups: [clinician]
          purposes: [treatment]
          allow-unverified: true
      """;

  @TempDir Path dir;

  @AfterEach
  void closeAuditTrails() {
    PhiGuard.shutdown();
  }

  private static void seed(TestDatabase db) throws SQLException {
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement()) {
      st.execute(
          "CREATE TABLE patients (id INT PRIMARY KEY, full_name VARCHAR(80), ssn VARCHAR(11),"
              + " notes VARCHAR(400), ward VARCHAR(20))");
      st.execute("CREATE TABLE claims (id INT PRIMARY KEY, ssn VARCHAR(11), amount INT)");
      st.executeUpdate(
          "INSERT INTO patients VALUES (1, 'Avery Canary', '"
              + SSN
              + "', '"
              + NOTE
              + "', 'east'), (2, 'Blake Canary', NULL, NULL, 'west')");
      st.executeUpdate("INSERT INTO claims VALUES (7, '" + SSN + "', 120)");
    }
  }

  private Connection open(TestDatabase db, String groups) throws Exception {
    Path key = Files.writeString(dir.resolve("hash.key"), KEY);
    Path policy = Files.writeString(dir.resolve("phiguard.yaml"), POLICY.formatted(key));
    Properties properties = new Properties();
    properties.putAll(db.credentials());
    properties.setProperty("phiguard.config", policy.toString());
    properties.setProperty("phiguard.subject", groups == null ? "analyst" : "dr.chen");
    if (groups != null) {
      properties.setProperty("phiguard.groups", groups);
      properties.setProperty("phiguard.purpose", "treatment");
    }
    return DriverManager.getConnection(db.phiguardUrl(), properties);
  }

  private static String expectedPseudonym() {
    return new Pseudonymizer(KEY.getBytes(StandardCharsets.UTF_8)).pseudonym(SSN);
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void theSameSsnGetsTheSamePseudonymAndNotesComeBackDetected(TestDatabases.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      seed(db);
      List<String> seen = new ArrayList<>();
      try (Connection analyst = open(db, null);
          Statement st = analyst.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT id, full_name, ssn, notes, ward FROM patients ORDER BY id")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("ssn")).isEqualTo(expectedPseudonym());
        assertThat(rs.getObject(3)).isEqualTo(expectedPseudonym());
        assertThat(rs.getString(4))
            .isEqualTo("Avery called [PHONE] (SSN [SSN], [MRN]) on [DATE]; mail [EMAIL]");
        assertThat(rs.getString(2)).isEqualTo("*****");
        for (int i = 1; i <= 5; i++) {
          seen.add(String.valueOf(rs.getString(i)));
        }
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(3)).isNull();
        assertThat(rs.wasNull()).isTrue();
        assertThat(rs.getString(4)).isNull();
        // a prepared read of the hashed column alone, and SELECT *
        try (PreparedStatement ps =
            analyst.prepareStatement("SELECT ssn FROM patients WHERE id = ?")) {
          ps.setInt(1, 1);
          try (ResultSet one = ps.executeQuery()) {
            assertThat(one.next()).isTrue();
            assertThat(one.getString(1)).isEqualTo(expectedPseudonym());
          }
        }
        try (ResultSet star = st.executeQuery("SELECT * FROM patients WHERE id = 1")) {
          assertThat(star.next()).isTrue();
          for (int i = 1; i <= star.getMetaData().getColumnCount(); i++) {
            seen.add(String.valueOf(star.getString(i)));
            seen.add(String.valueOf(star.getObject(i)));
          }
        }
      }
      assertThat(String.join("|", seen)).doesNotContain(CANARIES);
      PhiGuard.shutdown();
      // the SQL masks and the hash/detect columns were all accounted for: no false lineage miss
      assertThat(journalText()).doesNotContain("LINEAGE_MISS");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void hashedAndDetectedColumnsAreOnlyProjectedBare(TestDatabases.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      seed(db);
      try (Connection analyst = open(db, null);
          Statement st = analyst.createStatement()) {
        for (String sql :
            List.of(
                "SELECT lower(ssn) FROM patients",
                "SELECT concat(ssn, '') FROM patients",
                "SELECT ssn, count(*) FROM patients GROUP BY ssn",
                "SELECT p.id FROM patients p JOIN claims c ON c.ssn = p.ssn",
                "SELECT id FROM patients WHERE ssn LIKE '900%'",
                "SELECT id FROM patients ORDER BY ssn",
                "SELECT max(ssn) FROM patients",
                "SELECT substring(notes, 1, 20) FROM patients",
                "SELECT id FROM patients WHERE notes LIKE '%212%'",
                "SELECT ssn FROM patients; SELECT notes FROM patients")) {
          SQLException e = catchThrowableOfType(SQLException.class, () -> st.executeQuery(sql));
          assertThat((Throwable) e).as(sql).isNotNull();
          assertThat(e.getSQLState()).as(sql).isIn("42501", "42601");
          assertThat(e.getMessage()).as(sql).doesNotContain(CANARIES);
        }
      }
    }
  }

  /**
   * Adversarial reads of the hashed and detected columns, leak-suite style: whatever each one does
   * on each database (masked, denied, or refused by the server), no value, label or message holds a
   * canary.
   */
  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void noCanaryLeaksThroughAdversarialReadsOfHashedOrDetectedColumns(TestDatabases.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      seed(db);
      List<String> statements =
          List.of(
              "SELECT p FROM patients p",
              "SELECT row_to_json(p) FROM patients p",
              "SELECT to_json(p.*) FROM patients p",
              "SELECT json_object('s', ssn) FROM patients",
              "SELECT string_agg(ssn, ',') FROM patients",
              "SELECT group_concat(notes) FROM patients",
              "SELECT coalesce(ssn, 'x') FROM patients",
              "SELECT CAST(ssn AS CHAR(20)) FROM patients",
              "SELECT ssn || '' FROM patients",
              "SELECT CASE WHEN id = 1 THEN ssn END FROM patients",
              "SELECT n FROM (SELECT notes AS n FROM patients) x",
              "SELECT * FROM (SELECT * FROM patients) x",
              "SELECT (SELECT ssn FROM patients WHERE id = 1)",
              "SELECT ssn FROM patients UNION SELECT ssn FROM claims",
              "WITH c AS (SELECT ssn FROM patients) SELECT ssn FROM c",
              "SELECT ssn AS ward FROM patients",
              "SELECT p.ssn, q.ssn FROM patients p, patients q",
              "SELECT EXISTS (SELECT 1 FROM patients WHERE ssn = '900-11-0001')");
      try (Connection analyst = open(db, null)) {
        for (String sql : statements) {
          StringBuilder seen = new StringBuilder();
          try (Statement st = analyst.createStatement();
              ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            for (int i = 1; i <= columns; i++) {
              seen.append(rs.getMetaData().getColumnLabel(i)).append('|');
            }
            while (rs.next()) {
              for (int i = 1; i <= columns; i++) {
                seen.append(rs.getString(i)).append('|');
              }
            }
          } catch (SQLException e) {
            for (SQLException x = e; x != null; x = x.getNextException()) {
              seen.append(x.getMessage()).append('|');
            }
          }
          assertThat(seen.toString()).as(kind + ": " + sql).doesNotContain(CANARIES);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void anUnmaskedClinicianSeesRawValues(TestDatabases.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      seed(db);
      try (Connection clinician = open(db, "clinician");
          Statement st = clinician.createStatement();
          ResultSet rs = st.executeQuery("SELECT ssn, notes FROM patients WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(SSN);
        assertThat(rs.getString(2)).isEqualTo(NOTE);
      }
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
    assertThat(text).as("the audit journal was written").contains("DECISION");
    return text.toString();
  }
}
