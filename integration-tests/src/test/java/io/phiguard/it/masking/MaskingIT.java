package io.phiguard.it.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phiguard.driver.PhiGuard;
import io.phiguard.policy.Identity;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Masking end to end on real databases: a policy file, synthetic patients whose PHI values are
 * canaries, and the same statements as a masked analyst, an unmasked clinician and a caller without
 * identity.
 */
class MaskingIT {
  private static final List<String> CANARIES =
      List.of(
          "900-11-0001",
          "900110001",
          "Avery Canary",
          "avery.canary@example.org",
          "1961-02-03",
          "94110",
          "MRN-000101");

  private static final String POLICY =
      """
      version: 1
      protect:
        patients:
          ssn: partial(0, 4)
          full_name: redact
          email: email
          dob: year
          zip: zip3
          mrn: redact
      unmask:
        - groups: [clinician]
          purposes: [treatment]
      """;

  @TempDir Path dir;

  @AfterEach
  void closeAuditTrails() {
    // the trail writes into the temp directory until it is closed
    PhiGuard.shutdown();
  }

  private static void seed(TestDatabase db) throws SQLException {
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement()) {
      st.execute(
          "CREATE TABLE patients (id INT PRIMARY KEY, mrn VARCHAR(20), full_name VARCHAR(80),"
              + " ssn VARCHAR(11), email VARCHAR(80), dob DATE, zip VARCHAR(10), ward VARCHAR(20))");
      st.execute("CREATE TABLE visits (id INT PRIMARY KEY, patient_id INT, reason VARCHAR(40))");
      st.executeUpdate(
          "INSERT INTO patients VALUES (1, 'MRN-000101', 'Avery Canary', '900-11-0001',"
              + " 'avery.canary@example.org', DATE '1961-02-03', '94110', 'east')");
      st.executeUpdate("INSERT INTO visits VALUES (10, 1, 'checkup')");
    }
  }

  private Connection open(TestDatabase db, String subject, String groups) throws Exception {
    Path policy = Files.writeString(dir.resolve("phiguard.yaml"), POLICY);
    Properties properties = new Properties();
    properties.putAll(db.credentials());
    properties.setProperty("phiguard.config", policy.toString());
    if (subject != null) {
      properties.setProperty("phiguard.subject", subject);
    }
    if (groups != null) {
      properties.setProperty("phiguard.groups", groups);
      properties.setProperty("phiguard.purpose", "treatment");
    }
    return DriverManager.getConnection(db.phiguardUrl(), properties);
  }

  private static List<String> rows(ResultSet rs) throws SQLException {
    List<String> values = new ArrayList<>();
    int columns = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      for (int i = 1; i <= columns; i++) {
        values.add(String.valueOf(rs.getString(i)));
      }
    }
    return values;
  }

  private static List<String> shape(ResultSetMetaData meta) throws SQLException {
    List<String> shape = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      shape.add(
          meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT) + ":" + meta.getColumnType(i));
    }
    return shape;
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabases.Kind.class)
  void aMaskedIdentitySeesMaskedValuesUnderTheSameLabelsAndTypes(TestDatabases.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      seed(db);
      String sql = "SELECT id, mrn, full_name, ssn, email, dob, zip, ward FROM patients";
      List<String> rawShape;
      try (Connection raw = db.openRaw();
          Statement st = raw.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        rawShape = shape(rs.getMetaData());
      }
      try (Connection analyst = open(db, "analyst", null);
          Statement st = analyst.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        assertThat(shape(rs.getMetaData())).isEqualTo(rawShape);
        List<String> values = rows(rs);
        assertThat(values)
            .containsExactly(
                "1",
                "*****",
                "*****",
                "*******0001",
                "*****@example.org",
                "1961-01-01",
                "94100",
                "east");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabases.Kind.class)
  void noCanaryLeaksThroughExpressionsAggregatesOrStars(TestDatabases.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      seed(db);
      List<String> statements =
          new ArrayList<>(
              List.of(
                  "SELECT * FROM patients",
                  "SELECT p.* FROM patients p",
                  "SELECT lower(full_name), upper(email) FROM patients",
                  "SELECT max(ssn), min(full_name), count(*) FROM patients",
                  "SELECT x.s FROM (SELECT ssn AS s FROM patients) x",
                  "WITH c AS (SELECT email FROM patients) SELECT email FROM c",
                  "SELECT full_name FROM patients UNION ALL SELECT reason FROM visits",
                  "SELECT v.reason, p.ssn FROM visits v JOIN patients p ON p.id = v.patient_id",
                  "SELECT (SELECT ssn FROM patients WHERE id = 1) AS s",
                  "SELECT concat(ssn, '-', mrn) FROM patients"));
      try (Connection analyst = open(db, "analyst", null);
          Statement st = analyst.createStatement()) {
        for (String sql : statements) {
          List<String> values;
          try (ResultSet rs = st.executeQuery(sql)) {
            values = rows(rs);
          }
          assertThat(String.join("|", values)).as(sql).doesNotContain(CANARIES);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabases.Kind.class)
  void predicatesOnMaskedColumnsAreDeniedAndNamed(TestDatabases.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      seed(db);
      try (Connection analyst = open(db, "analyst", null);
          Statement st = analyst.createStatement()) {
        for (String oracle :
            List.of(
                "SELECT id FROM patients WHERE ssn LIKE '900%'",
                "SELECT id FROM patients ORDER BY full_name",
                "SELECT count(*) FROM patients GROUP BY dob",
                "SELECT v.id FROM visits v JOIN patients p ON p.ssn = v.reason")) {
          SQLException e = catchThrowableOfType(SQLException.class, () -> st.executeQuery(oracle));
          assertThat((Object) e).as(oracle).isNotNull();
          assertThat(e.getSQLState()).as(oracle).isEqualTo("42501");
          assertThat(e.getMessage())
              .containsIgnoringCase("protect:patients")
              .contains("masked for analyst");
          assertThat(e.getMessage()).doesNotContain("900-11");
        }
        // writing a masked column would store the mask over the real value
        SQLException write =
            catchThrowableOfType(
                SQLException.class,
                () -> st.executeUpdate("UPDATE patients SET ssn = 'x' WHERE id = 1"));
        assertThat(write.getSQLState()).isEqualTo("42501");
      }
      try (Connection raw = db.openRaw();
          Statement st = raw.createStatement();
          ResultSet rs = st.executeQuery("SELECT ssn FROM patients")) {
        assertThat(rows(rs)).containsExactly("900-11-0001");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabases.Kind.class)
  void onlyTrustedClinicianIdentitiesSeeRawValues(TestDatabases.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      seed(db);
      // the application asserts the clinician: unmasked
      try (Connection connection = open(db, "portal", null);
          PreparedStatement ps =
              connection.prepareStatement("SELECT ssn FROM patients WHERE id = ?")) {
        ps.setInt(1, 1);
        Identity clinician = Identity.of("dr.lee").groups("clinician").purpose("treatment").build();
        try (PhiGuard.Scope scope = PhiGuard.actingAs(clinician)) {
          try (Connection c2 = open(db, "portal", null);
              PreparedStatement byId =
                  c2.prepareStatement("SELECT ssn FROM patients WHERE id = ?")) {
            byId.setInt(1, 1);
            try (ResultSet rs = byId.executeQuery()) {
              assertThat(rows(rs)).containsExactly("900-11-0001");
            }
          }
          // prepared for "portal" (masked), executed as the clinician: a different statement
          SQLException e = catchThrowableOfType(SQLException.class, ps::executeQuery);
          assertThat(e.getSQLState()).isEqualTo("42501");
          assertThat(e.getMessage()).contains("Prepare it again");
        }
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rows(rs)).containsExactly("*******0001");
        }
      }
      // anyone with the URL can type phiguard.groups=clinician: unverified, still masked
      try (Connection claimed = open(db, "mallory", "clinician");
          Statement st = claimed.createStatement();
          ResultSet rs = st.executeQuery("SELECT ssn FROM patients")) {
        assertThat(rows(rs)).containsExactly("*******0001");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabases.Kind.class)
  void generatedKeysNeverReturnProtectedValues(TestDatabases.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      seed(db);
      String update = "UPDATE patients SET ward = 'west' WHERE id = 1";
      boolean countersOnly = kind == TestDatabases.Kind.MARIADB || kind == TestDatabases.Kind.MYSQL;
      try (Connection analyst = open(db, "analyst", null);
          Statement st = analyst.createStatement()) {
        if (countersOnly) {
          // Connector/J (MySQL and MariaDB) returns the last insert id whatever is asked: runs
          assertThat(st.executeUpdate(update, Statement.RETURN_GENERATED_KEYS)).isEqualTo(1);
          try (ResultSet keys = st.getGeneratedKeys()) {
            assertThat(String.join(",", rows(keys))).doesNotContain("900-11-0001", "Avery");
          }
          try (PreparedStatement ps = analyst.prepareStatement(update, new String[] {"ssn"})) {
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
              assertThat(String.join(",", rows(keys))).doesNotContain("900-11-0001");
            }
          }
        } else {
          // pgjdbc turns the flag into RETURNING *, on UPDATE too: the whole row, raw
          SQLException byFlag =
              catchThrowableOfType(
                  SQLException.class,
                  () -> st.executeUpdate(update, Statement.RETURN_GENERATED_KEYS));
          assertThat(byFlag.getSQLState()).isEqualTo("42501");
          SQLException byIndex =
              catchThrowableOfType(
                  SQLException.class, () -> analyst.prepareStatement(update, new int[] {4}));
          assertThat(byIndex.getSQLState()).isEqualTo("42501");
          SQLException byName =
              catchThrowableOfType(
                  SQLException.class, () -> st.executeUpdate(update, new String[] {"ssn"}));
          assertThat(byName.getSQLState()).isEqualTo("42501");
          assertThat(byName.getMessage()).doesNotContain("900-11-0001");
        }
        // named, non-protected key columns are fine
        assertThat(
                st.executeUpdate(
                    "INSERT INTO visits (id, patient_id, reason) VALUES (11, 1, 'x')",
                    Statement.RETURN_GENERATED_KEYS))
            .isEqualTo(1);
      }
      try (Connection raw = db.openRaw();
          Statement st = raw.createStatement();
          ResultSet rs = st.executeQuery("SELECT ward FROM patients WHERE id = 1")) {
        // refused before the delegate ran (PostgreSQL, H2): nothing changed
        assertThat(rows(rs)).containsExactly(countersOnly ? "west" : "east");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabases.Kind.class)
  void withoutIdentityProtectedDataIsRefusedButTheRestWorks(TestDatabases.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      seed(db);
      try (Connection anonymous = open(db, null, null);
          Statement st = anonymous.createStatement()) {
        SQLException e =
            catchThrowableOfType(
                SQLException.class, () -> st.executeQuery("SELECT ssn FROM patients"));
        assertThat(e.getSQLState()).isEqualTo("28000");
        assertThat(e.getMessage()).contains("phiguard.subject");
        try (ResultSet rs = st.executeQuery("SELECT reason FROM visits")) {
          assertThat(rows(rs)).containsExactly("checkup");
        }
        assertThat(anonymous.isValid(2)).isTrue();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabases.Kind.class)
  void whatCannotBeAnalysedIsDeniedToMaskedIdentities(TestDatabases.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      seed(db);
      try (Connection analyst = open(db, "analyst", null);
          Statement st = analyst.createStatement()) {
        SQLException e =
            catchThrowableOfType(
                SQLException.class, () -> st.executeQuery("SELEKT ssn FRUM patients"));
        assertThat(e.getSQLState()).isEqualTo("42601");
        assertThat(e.getMessage()).doesNotContain("SELEKT");
        // harmless statements the parser may not read still run
        analyst.setAutoCommit(false);
        analyst.rollback();
      }
    }
  }
}
