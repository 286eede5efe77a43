package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.driver.GuardFixtures.RecordingListener;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** JDBC escapes reach the gate expanded for the dialect; malformed ones are refused. */
class EscapesAtTheGateTest {

  @Test
  void theGateAnalysesTheExpandedStatement() throws SQLException {
    RecordingListener listener = new RecordingListener();
    try (Connection c = GuardFixtures.guarded(listener, false);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT {fn ucase('a')}, {d '2024-01-02'}")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("A");
      GateRequest request = listener.last();
      assertThat(request.sql()).isEqualTo("SELECT {fn ucase('a')}, {d '2024-01-02'}");
      assertThat(request.analysedSql()).isEqualTo("SELECT upper('a'), DATE '2024-01-02'");
      assertThat(request.connection().dialect()).isEqualTo(io.phiguard.rewrite.Dialect.H2);
    }
  }

  @Test
  void preparedAndCallableTextIsExpandedToo() throws SQLException {
    RecordingListener listener = new RecordingListener();
    try (Connection c = GuardFixtures.guarded(listener, false)) {
      c.prepareStatement("SELECT {fn lcase(?)}").close();
      assertThat(listener.last().analysedSql()).isEqualTo("SELECT lower(?)");
      c.prepareCall("{? = call abs(?)}").close();
      assertThat(listener.last().analysedSql()).isEqualTo("SELECT abs(?)");
      assertThat(c.nativeSQL("SELECT {fn ucase('a')}")).isNotNull();
      assertThat(listener.last().analysedSql()).isEqualTo("SELECT upper('a')");
    }
  }

  @Test
  void withEscapeProcessingOffTheTextIsAnalysedAsIs() throws SQLException {
    RecordingListener listener = new RecordingListener();
    try (Connection c = GuardFixtures.guarded(listener, false);
        Statement s = c.createStatement()) {
      s.setEscapeProcessing(false);
      s.executeQuery("SELECT '{fn ucase(x)}'").close();
      assertThat(listener.last().analysedSql()).isEqualTo(listener.last().sql());
    }
  }

  @Test
  void aMalformedEscapeIsRefusedWithoutEchoingTheStatement() throws SQLException {
    RecordingListener listener = new RecordingListener();
    try (Connection c = GuardFixtures.guarded(listener, false);
        Statement s = c.createStatement()) {
      for (String sql :
          new String[] {
            "SELECT {fn ucase('Jane Roe 123-45-6789')",
            "SELECT * FROM patients WHERE dob = {d }",
            "{? = fetch 'Jane Roe'}",
          }) {
        assertThatThrownBy(() -> s.executeQuery(sql))
            .as(sql)
            .isInstanceOf(SQLSyntaxErrorException.class)
            .isInstanceOf(PhiGuardException.class)
            .hasFieldOrPropertyWithValue("SQLState", "42601")
            .hasMessageNotContainingAny("Jane", "6789", "patients");
        assertThatThrownBy(() -> c.prepareStatement(sql))
            .hasFieldOrPropertyWithValue("SQLState", "42601");
      }
      assertThat(listener.requests).as("refused before any decision was recorded").isEmpty();
    }
  }
}
