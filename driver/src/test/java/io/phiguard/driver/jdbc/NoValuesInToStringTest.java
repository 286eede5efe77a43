package io.phiguard.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.driver.GuardFixtures;
import io.phiguard.driver.GuardFixtures.RecordingListener;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code toString()} ends up in logs: it never prints a value that came from the database. */
class NoValuesInToStringTest {

  @Test
  void guardedValuesDoNotPrintWhatTheyHold() throws SQLException {
    try (Connection c = GuardFixtures.guarded(new RecordingListener(), false);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE N(ID INT PRIMARY KEY, C CLOB, B BLOB, A VARCHAR ARRAY)");
      s.execute(
          "INSERT INTO N VALUES (1, 'Jane Roe 123-45-6789', X'CAFEBABE',"
              + " ARRAY['Jane Roe 123-45-6789'])");
      try (ResultSet rs = s.executeQuery("SELECT C, B, A FROM N")) {
        assertThat(rs.next()).isTrue();
        List<Object> values =
            List.of(
                rs.getClob(1),
                rs.getNClob(1),
                rs.getObject(1),
                rs.getBlob(2),
                rs.getArray(3),
                c.createSQLXML());
        for (Object value : values) {
          assertThat(value.toString())
              .as(value.getClass().getSimpleName())
              .doesNotContain("Jane", "6789")
              .doesNotContainIgnoringCase("cafebabe")
              .startsWith("Guarded");
        }
      }
      assertThat(c.toString()).doesNotContain("sa", "password");
      assertThat(s.toString()).doesNotContain("Jane");
    }
  }
}
