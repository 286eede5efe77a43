package io.phiguard.it.golden;

import io.phiguard.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;

/**
 * The golden cases' test catalog ({@code sql-rewrite/src/test/java/io/phiguard/rewrite/
 * TestCatalogs.java}) as real tables, with the column types it declares, seeded with {@link
 * Canaries}.
 */
final class GoldenSchema {

  private GoldenSchema() {}

  /** Creates the catalog's tables and view and seeds them. */
  static void create(Connection c, Kind kind) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String ddl : ddl(kind)) {
        st.execute(ddl);
      }
    }
    seed(c, kind);
  }

  /**
   * TestCatalogs declares int4 / varchar(255) / date / text (PostgreSQL), INT / VARCHAR(255) / DATE
   * / VARCHAR (MySQL) and int4 / VARCHAR(255) / DATE / VARCHAR (H2); visits and staff use int4 and
   * timestamp throughout.
   */
  static List<String> ddl(Kind kind) {
    return switch (kind) {
      case POSTGRESQL ->
          List.of(
              "CREATE TABLE patients (id int4 PRIMARY KEY, mrn varchar(255), full_name varchar(255),"
                  + " ssn varchar(255), email varchar(255), dob date, zip varchar(255), notes text)",
              "CREATE TABLE visits (id int4 PRIMARY KEY, patient_id int4, visited_at timestamp,"
                  + " diagnosis varchar(255))",
              "CREATE TABLE staff (id int4, name varchar(255))",
              "CREATE VIEW patient_names AS SELECT id, full_name FROM patients",
              // the call-routine case calls it; a harmless body (the catalog does not define it)
              "CREATE PROCEDURE refresh_stats(n int4) LANGUAGE sql AS $$ SELECT n $$");
      case MARIADB, MYSQL ->
          List.of(
              // MySQL needs a length for VARCHAR: notes (declared VARCHAR) gets a generous one
              "CREATE TABLE patients (id INT PRIMARY KEY, mrn VARCHAR(255), full_name VARCHAR(255),"
                  + " ssn VARCHAR(255), email VARCHAR(255), dob DATE, zip VARCHAR(255),"
                  + " notes VARCHAR(2000))",
              // NULL DEFAULT NULL: no implicit ON UPDATE CURRENT_TIMESTAMP on older defaults
              "CREATE TABLE visits (id INT4 PRIMARY KEY, patient_id INT4,"
                  + " visited_at TIMESTAMP NULL DEFAULT NULL, diagnosis VARCHAR(255))",
              "CREATE TABLE staff (id INT4, name VARCHAR(255))",
              "CREATE VIEW patient_names AS SELECT id, full_name FROM patients");
      case H2 ->
          List.of(
              "CREATE TABLE PATIENTS (ID INT4 PRIMARY KEY, MRN VARCHAR(255), FULL_NAME VARCHAR(255),"
                  + " SSN VARCHAR(255), EMAIL VARCHAR(255), DOB DATE, ZIP VARCHAR(255),"
                  + " NOTES VARCHAR)",
              "CREATE TABLE VISITS (ID INT4 PRIMARY KEY, PATIENT_ID INT4, VISITED_AT TIMESTAMP,"
                  + " DIAGNOSIS VARCHAR(255))",
              "CREATE TABLE STAFF (ID INT4, NAME VARCHAR(255))",
              "CREATE VIEW PATIENT_NAMES AS SELECT ID, FULL_NAME FROM PATIENTS");
    };
  }

  private static void seed(Connection c, Kind kind) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO patients (id, mrn, full_name, ssn, email, dob, zip, notes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Canaries.Patient p : Canaries.PATIENTS) {
        ps.setInt(1, p.id());
        ps.setString(2, p.mrn());
        ps.setString(3, p.fullName());
        ps.setString(4, p.ssn());
        ps.setString(5, p.email());
        if (p.dob() == null) {
          ps.setNull(6, Types.DATE);
        } else {
          ps.setDate(6, p.dob());
        }
        ps.setString(7, p.zip());
        ps.setString(8, p.notes());
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO visits (id, patient_id, visited_at, diagnosis) VALUES (?, ?, ?, ?)")) {
      Object[][] visits = {
        {1, 1, "2024-05-06 07:08:09", "Hypertension"},
        {2, 1, "2024-06-10 10:30:00", "Migraine"},
        {3, 2, "2024-07-15 16:45:00", "Asthma"},
        {4, 5, "2024-08-20 08:15:00", "Fracture"}
      };
      for (Object[] v : visits) {
        ps.setInt(1, (Integer) v[0]);
        ps.setInt(2, (Integer) v[1]);
        ps.setTimestamp(3, Timestamp.valueOf((String) v[2]));
        ps.setString(4, (String) v[3]);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO staff (id, name) VALUES (?, ?)")) {
      String[] names = {"Dr. Rivera", "Nurse Okafor", "Dr. Chen"};
      for (int i = 0; i < names.length; i++) {
        ps.setInt(1, i + 1);
        ps.setString(2, names[i]);
        ps.executeUpdate();
      }
    }
    if (kind == Kind.POSTGRESQL) {
      try (Statement st = c.createStatement()) {
        st.execute("ANALYZE");
      }
    }
  }

  /** Replaces the SQL-masked values with {@link Canaries#PERTURBED} (caller rolls back). */
  static void perturb(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE patients SET full_name = ?, ssn = ?, email = ?, dob = ?, zip = ? WHERE id = ?")) {
      for (Canaries.Patient p : Canaries.PERTURBED) {
        ps.setString(1, p.fullName());
        ps.setString(2, p.ssn());
        ps.setString(3, p.email());
        if (p.dob() == null) {
          ps.setNull(4, Types.DATE);
        } else {
          ps.setDate(4, p.dob());
        }
        ps.setString(5, p.zip());
        ps.setInt(6, p.id());
        ps.executeUpdate();
      }
    }
  }

  /** Row counts of the seeded tables, to prove each case left them as they were. */
  static String fingerprint(Connection c) throws SQLException {
    StringBuilder sb = new StringBuilder();
    try (Statement st = c.createStatement()) {
      for (String table : List.of("patients", "visits", "staff")) {
        try (var rs = st.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          sb.append(table).append('=').append(rs.getLong(1)).append(' ');
        }
      }
      try (var rs =
          st.executeQuery("SELECT full_name, ssn, email, zip FROM patients WHERE id = 1")) {
        rs.next();
        for (int i = 1; i <= 4; i++) {
          sb.append(rs.getString(i)).append(' ');
        }
      }
    }
    return sb.toString().strip();
  }

  /** {@link #fingerprint} of the freshly seeded tables. */
  static String seededFingerprint() {
    Canaries.Patient first = Canaries.PATIENTS.get(0);
    return "patients="
        + Canaries.PATIENTS.size()
        + " visits=4 staff=3 "
        + String.join(" ", first.fullName(), first.ssn(), first.email(), first.zip());
  }
}
