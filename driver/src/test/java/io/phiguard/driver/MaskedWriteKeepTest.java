package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code on-masked-write: keep} through a prepared statement: the caller's one parameter is bound
 * to every position the rewrite gives it, whatever setter binds it.
 */
class MaskedWriteKeepTest {
  @TempDir Path dir;
  private Connection raw;
  private Connection analyst;

  @BeforeEach
  void open() throws Exception {
    String url = GuardFixtures.h2Url();
    raw = DriverManager.getConnection(url, "sa", "");
    try (Statement s = raw.createStatement()) {
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
            ssn: { mask: "partial(0, 4)", on-masked-write: keep }
        """);
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
    raw.close();
  }

  private String stored(String column) throws SQLException {
    try (Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + column + " FROM patients WHERE id = 1")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static final String UPDATE = "UPDATE patients SET ssn = ?, city = ? WHERE id = ?";

  @Test
  void writingBackTheMaskedRenderingKeepsTheStoredValue() throws SQLException {
    String masked;
    try (Statement s = analyst.createStatement();
        ResultSet rs = s.executeQuery("SELECT ssn FROM patients WHERE id = 1")) {
      rs.next();
      masked = rs.getString(1);
    }
    assertThat(masked).isEqualTo("*******6789");
    try (PreparedStatement ps = analyst.prepareStatement(UPDATE)) {
      ps.setString(1, masked);
      ps.setString(2, "Shelbyville");
      ps.setInt(3, 1);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThat(stored("ssn")).isEqualTo("123-45-6789");
    assertThat(stored("city")).isEqualTo("Shelbyville");
  }

  @Test
  void aNewValueIsWrittenAndSetObjectAndBatchesBindEveryPosition() throws SQLException {
    try (PreparedStatement ps = analyst.prepareStatement(UPDATE)) {
      ps.setObject(1, "987-65-4321", Types.VARCHAR);
      ps.setString(2, "Ogdenville");
      ps.setInt(3, 1);
      ps.addBatch();
      ps.setString(1, "*******4321");
      ps.setString(2, "North Haverbrook");
      ps.setInt(3, 1);
      ps.addBatch();
      assertThat(ps.executeBatch()).containsExactly(1, 1);
    }
    // the second row wrote the masked rendering of the value the first one stored: kept
    assertThat(stored("ssn")).isEqualTo("987-65-4321");
    assertThat(stored("city")).isEqualTo("North Haverbrook");
  }

  @Test
  void aNullIsWrittenAsNull() throws SQLException {
    try (PreparedStatement ps = analyst.prepareStatement(UPDATE)) {
      ps.setNull(1, Types.VARCHAR);
      ps.setString(2, "Capital City");
      ps.setInt(3, 1);
      ps.executeUpdate();
    }
    assertThat(stored("ssn")).isNull();
  }

  @Test
  void aStreamCannotBeBoundTwiceAndIsRefusedClearly() throws SQLException {
    try (PreparedStatement ps = analyst.prepareStatement(UPDATE)) {
      assertThatThrownBy(() -> ps.setCharacterStream(1, new StringReader("x")))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("42501");
                assertThat(e.getMessage()).contains("setString");
              });
    }
    assertThat(stored("ssn")).isEqualTo("123-45-6789");
  }
}
