package io.phiguard.policy.fuzz;

import io.phiguard.rewrite.Catalog;
import io.phiguard.rewrite.CatalogLoader;
import io.phiguard.rewrite.Dialect;
import io.phiguard.rewrite.NameRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * An in-memory H2 database with the fuzz schema, whose protected values are distinctive canaries.
 * {@link #run(String)} executes one statement inside a transaction that is always rolled back and
 * returns every text the caller would see: values, labels and exception messages.
 */
final class CanaryDatabase implements AutoCloseable {

  /**
   * Raw protected values, one array per patient: mrn, full_name, ssn, email, dob, zip, notes. The
   * masks of {@link GateFuzzTest#POLICY} keep only the last four characters of ssn, the domain of
   * email, the year of dob and the first three characters of zip.
   */
  private static final String[][] PATIENTS = {
    {
      "MRNQZX0001",
      "Quillon Zarvesh",
      "QZV81-4417",
      "qzarvesh@mail.example",
      "1931-07-19",
      "975KQJ",
      "Seen by Dr Vexmoor, callback quillon"
    },
    {
      "MRNWYB0002",
      "Wendeline Brathcove",
      "WBX77-9021",
      "wbrathcove@mail.example",
      "1948-11-23",
      "100PLW",
      "Brathcove follow-up, Yorrick clinic"
    },
  };

  /**
   * What no masked result may contain, in lower case: the parts of each value that its mask hides,
   * plus hex, Base64, MD5 and SHA-256 renderings of every whole raw value.
   */
  static final List<String> CANARIES = canaries();

  private final Connection connection;
  private final Catalog catalog;

  CanaryDatabase() throws SQLException {
    connection =
        DriverManager.getConnection(
            "jdbc:h2:mem:fuzz_"
                + UUID.randomUUID().toString().replace("-", "")
                + ";LOCK_TIMEOUT=500");
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE TABLE patients (id INT PRIMARY KEY, mrn VARCHAR(255), full_name VARCHAR(255),"
              + " ssn VARCHAR(255), email VARCHAR(255), dob DATE, zip VARCHAR(255),"
              + " notes VARCHAR(1000))");
      s.execute(
          "CREATE TABLE visits (id INT PRIMARY KEY, patient_id INT, visited_at TIMESTAMP,"
              + " diagnosis VARCHAR(255))");
      s.execute("CREATE TABLE staff (id INT PRIMARY KEY, name VARCHAR(255))");
      s.execute("CREATE VIEW patient_names AS SELECT id, full_name FROM patients");
      s.execute("INSERT INTO staff VALUES (1, 'Dr Plain'), (2, 'Nurse Plain')");
      s.execute(
          "INSERT INTO visits VALUES (1, 1, TIMESTAMP '2020-01-02 10:00:00', 'flu'),"
              + " (2, 2, TIMESTAMP '2021-03-04 11:00:00', 'cold'),"
              + " (3, 3, TIMESTAMP '2022-05-06 12:00:00', 'none')");
      s.execute("INSERT INTO patients (id) VALUES (3)");
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO patients VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < PATIENTS.length; i++) {
        String[] p = PATIENTS[i];
        insert.setInt(1, i + 1);
        insert.setString(2, p[0]);
        insert.setString(3, p[1]);
        insert.setString(4, p[2]);
        insert.setString(5, p[3]);
        insert.setDate(6, java.sql.Date.valueOf(p[4]));
        insert.setString(7, p[5]);
        insert.setString(8, p[6]);
        insert.executeUpdate();
      }
    }
    connection.setAutoCommit(false);
    catalog = CatalogLoader.load(connection.getMetaData(), NameRules.of(Dialect.H2), 1);
  }

  /** The catalog read from the database itself, as the driver would. */
  Catalog catalog() {
    return catalog;
  }

  /**
   * Runs {@code sql} (parameters bound to {@code '1'}) and rolls back. Returns values, labels and
   * warnings as text, and with {@code withErrors} the exception messages too.
   *
   * <p>Errors of a write are left out on request: H2 (like PostgreSQL's {@code Key (ssn)=(…)})
   * quotes the whole stored row when an UPDATE breaks a key, whatever the statement selected. The
   * driver redacts vendor messages; a query over masked views must not need that.
   */
  List<String> run(String sql, boolean withErrors) {
    List<String> seen = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setQueryTimeout(3);
      ParameterMetaData parameters = ps.getParameterMetaData();
      for (int i = 1; i <= parameters.getParameterCount(); i++) {
        ps.setString(i, "1");
      }
      boolean isResult = ps.execute();
      while (true) {
        if (isResult) {
          try (ResultSet rs = ps.getResultSet()) {
            ResultSetMetaData md = rs.getMetaData();
            for (int c = 1; c <= md.getColumnCount(); c++) {
              seen.add(md.getColumnLabel(c));
            }
            int rows = 0;
            while (rs.next() && rows++ < 1000) {
              for (int c = 1; c <= md.getColumnCount(); c++) {
                seen.add(String.valueOf(rs.getObject(c)));
              }
            }
          }
        } else if (ps.getUpdateCount() == -1) {
          break;
        }
        isResult = ps.getMoreResults();
      }
      for (var w = ps.getWarnings(); w != null; w = w.getNextWarning()) {
        seen.add(w.getMessage());
      }
    } catch (SQLException e) {
      for (SQLException x = e; withErrors && x != null; x = x.getNextException()) {
        seen.add(String.valueOf(x.getMessage()));
      }
    } finally {
      try {
        connection.rollback();
      } catch (SQLException e) {
        seen.add(String.valueOf(e.getMessage()));
      }
    }
    return seen;
  }

  /** The canaries that occur in {@code texts}, case-insensitively. */
  static List<String> leaks(List<String> texts) {
    List<String> found = new ArrayList<>();
    for (String text : texts) {
      String lower = text.toLowerCase(Locale.ROOT);
      for (String canary : CANARIES) {
        if (lower.contains(canary)) {
          found.add(canary + " in «" + text + "»");
        }
      }
    }
    return found;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  private static List<String> canaries() {
    List<String> canaries = new ArrayList<>();
    for (String[] p : PATIENTS) {
      canaries.add(p[0]); // mrn: redact
      canaries.addAll(List.of(p[1].split(" "))); // full_name: redact
      canaries.add(p[2].substring(0, p[2].length() - 4)); // ssn: partial(0, 4)
      canaries.add(p[3].substring(0, p[3].indexOf('@'))); // email: local part hidden
      canaries.add(p[4].substring(4)); // dob: year kept, "-07-19" hidden
      canaries.add(p[5].substring(3)); // zip: zip3
      for (String word : p[6].split("[ ,]+")) { // notes: null
        if (word.length() >= 6) {
          canaries.add(word);
        }
      }
      for (String raw : p) {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        canaries.add(HexFormat.of().formatHex(bytes));
        canaries.add(Base64.getEncoder().encodeToString(bytes));
        canaries.add(digest("MD5", bytes));
        canaries.add(digest("SHA-256", bytes));
      }
    }
    return canaries.stream().map(c -> c.toLowerCase(Locale.ROOT)).distinct().toList();
  }

  private static String digest(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
