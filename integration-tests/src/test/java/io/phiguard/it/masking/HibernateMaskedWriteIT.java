package io.phiguard.it.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.phiguard.driver.PhiGuard;
import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hibernate 7 over PhiGuard, without Spring: an entity read masked and saved back. Hibernate
 * updates every column of a changed entity (dynamic-update off, the default), so a masked
 * identity's save writes the masked PHI it read: {@code on-masked-write: refuse} fails the flush
 * ({@code 42501}) and nothing changes; {@code keep} lets the non-PHI change through and keeps every
 * stored PHI value. Results are checked through the raw driver.
 */
class HibernateMaskedWriteIT {

  private static final String PROTECT =
      """
      version: 1
      protect:
        patients:
          ssn: {mask: "partial(0, 4)", on-masked-write: %1$s}
          full_name: {mask: redact, on-masked-write: %1$s}
          email: {mask: email, on-masked-write: %1$s}
          dob: {mask: year, on-masked-write: %1$s}
          zip: {mask: zip3, on-masked-write: %1$s}
          mrn: {mask: redact, on-masked-write: %1$s}
      unmask:
        - groups: [clinician]
          purposes: [treatment]
          # the test asserts its identity through connection properties
          allow-unverified: true
      """;

  private static final List<String> RAW_PHI =
      List.of(
          "MRN-000101",
          "Avery Canary",
          "900-11-0001",
          "avery.canary@example.org",
          "1961-02-03",
          "94110");

  @TempDir Path dir;

  private final List<SessionFactory> factories = new ArrayList<>();

  @AfterEach
  void close() {
    factories.forEach(SessionFactory::close);
    PhiGuard.shutdown();
  }

  private static void seed(TestDatabase db) throws SQLException {
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement()) {
      st.execute(
          "CREATE TABLE patients (id INT PRIMARY KEY, mrn VARCHAR(20), full_name VARCHAR(80),"
              + " ssn VARCHAR(11), email VARCHAR(80), dob DATE, zip VARCHAR(10), ward VARCHAR(20))");
      st.executeUpdate(
          "INSERT INTO patients VALUES (1, 'MRN-000101', 'Avery Canary', '900-11-0001',"
              + " 'avery.canary@example.org', DATE '1961-02-03', '94110', 'east')");
    }
  }

  private SessionFactory factory(TestDatabase db, String onWrite, String subject, String groups)
      throws Exception {
    Path policy =
        Files.writeString(dir.resolve("phiguard-" + onWrite + ".yaml"), PROTECT.formatted(onWrite));
    Configuration configuration = new Configuration().addAnnotatedClass(Patient.class);
    configuration.setProperty("hibernate.connection.url", db.phiguardUrl());
    db.credentials()
        .forEach(
            (key, value) ->
                configuration.setProperty("hibernate.connection." + key, String.valueOf(value)));
    // hibernate.connection.* keys reach the driver as connection properties, prefix stripped
    configuration.setProperty("hibernate.connection.phiguard.config", policy.toString());
    configuration.setProperty("hibernate.connection.phiguard.subject", subject);
    if (groups != null) {
      configuration.setProperty("hibernate.connection.phiguard.groups", groups);
      configuration.setProperty("hibernate.connection.phiguard.purpose", "treatment");
    }
    configuration.setProperty("hibernate.connection.pool_size", "1");
    // every column in every UPDATE: the case on-masked-write is about
    configuration.setProperty("hibernate.dynamic_update", "false");
    SessionFactory factory = configuration.buildSessionFactory();
    factories.add(factory);
    return factory;
  }

  private static Map<String, String> rawRow(TestDatabase db) throws SQLException {
    try (Connection raw = db.openRaw();
        Statement st = raw.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT mrn, full_name, ssn, email, dob, zip, ward FROM patients WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      return Map.of(
          "phi",
          String.join(
              "|",
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              String.valueOf(rs.getDate(5).toLocalDate()),
              rs.getString(6)),
          "ward",
          rs.getString(7));
    }
  }

  private static Patient load(SessionFactory factory) {
    try (Session session = factory.openSession()) {
      return session.find(Patient.class, 1);
    }
  }

  private static void changeWard(SessionFactory factory, String ward) {
    try (Session session = factory.openSession()) {
      session.beginTransaction();
      try {
        Patient patient = session.find(Patient.class, 1);
        patient.setWard(ward);
        session.getTransaction().commit();
      } catch (RuntimeException e) {
        if (session.getTransaction().isActive()) {
          session.getTransaction().rollback();
        }
        throw e;
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TestDatabases.Kind.class,
      names = {"POSTGRESQL", "MARIADB", "H2"})
  void anUnmaskedMemberSeesRawValuesAndAMaskedIdentityMaskedOnes(TestDatabases.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      seed(db);

      Patient raw = load(factory(db, "refuse", "dr-grey", "clinician"));
      Patient masked = load(factory(db, "refuse", "analyst", null));

      assertThat(raw.getSsn()).isEqualTo("900-11-0001");
      assertThat(raw.getDob()).isEqualTo(LocalDate.of(1961, 2, 3));
      assertThat(masked.getSsn()).isEqualTo("*******0001");
      assertThat(masked.getFullName()).isEqualTo("*****");
      assertThat(masked.getEmail()).isEqualTo("*****@example.org");
      assertThat(masked.getDob()).isEqualTo(LocalDate.of(1961, 1, 1));
      assertThat(masked.getZip()).isEqualTo("94100");
      assertThat(masked.getWard()).isEqualTo("east");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TestDatabases.Kind.class,
      names = {"POSTGRESQL", "MARIADB", "H2"})
  void underRefuseSavingAMaskedEntityFailsAndChangesNothing(TestDatabases.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      seed(db);
      Map<String, String> before = rawRow(db);
      SessionFactory analyst = factory(db, "refuse", "analyst", null);

      Throwable failure = catchThrowable(() -> changeWard(analyst, "west"));

      assertThat(failure).isNotNull();
      assertThat(sqlStates(failure)).contains("42501");
      assertThat(rawRow(db)).isEqualTo(before);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TestDatabases.Kind.class,
      names = {"POSTGRESQL", "MARIADB", "H2"})
  void underKeepTheNonPhiChangeIsSavedAndEveryStoredPhiValueKept(TestDatabases.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabases.create(kind)) {
      seed(db);
      Map<String, String> before = rawRow(db);
      assertThat(before.get("phi")).isEqualTo(String.join("|", RAW_PHI));
      SessionFactory analyst = factory(db, "keep", "analyst", null);

      changeWard(analyst, "west");

      Map<String, String> after = rawRow(db);
      assertThat(after.get("ward")).isEqualTo("west");
      assertThat(after.get("phi")).isEqualTo(before.get("phi"));
      // a clinician still reads the real values through PhiGuard
      Patient raw = load(factory(db, "keep", "dr-grey", "clinician"));
      assertThat(raw.getSsn()).isEqualTo("900-11-0001");
      assertThat(raw.getWard()).isEqualTo("west");
    }
  }

  private static List<String> sqlStates(Throwable failure) {
    List<String> states = new ArrayList<>();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException e) {
        states.add(e.getSQLState());
      }
    }
    return states;
  }
}
