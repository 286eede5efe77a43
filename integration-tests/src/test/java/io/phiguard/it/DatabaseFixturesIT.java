package io.phiguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.testkit.TestDatabase;
import io.phiguard.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The testkit's databases: fresh, reachable raw and guarded, dropped on close. */
class DatabaseFixturesIT {

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void freshDatabaseIsReachableRawAndGuardedAndDroppedOnClose(TestDatabases.Kind kind)
      throws Exception {
    String url;
    try (TestDatabase db = TestDatabases.create(kind)) {
      url = db.jdbcUrl();
      assertThat(db.kind()).isEqualTo(kind);
      assertThat(url).contains("phiguard_it_");
      assertThat(db.phiguardUrl()).isEqualTo("jdbc:phiguard:" + url.substring(5));
      assertThat(db.toString()).doesNotContain("password");
      try (Connection raw = db.openRaw();
          Statement st = raw.createStatement()) {
        st.execute("CREATE TABLE t (id INT PRIMARY KEY)");
        st.executeUpdate("INSERT INTO t VALUES (1)");
      }
      try (Connection guarded = db.openGuarded();
          Statement st = guarded.createStatement();
          ResultSet rs = st.executeQuery("SELECT id FROM t")) {
        assertThat(guarded.getClass().getName()).startsWith("io.phiguard.");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
    // dropped: a second database of the same kind is empty and has another name
    try (TestDatabase other = TestDatabases.create(kind)) {
      assertThat(other.jdbcUrl()).isNotEqualTo(url);
      try (Connection raw = other.openRaw();
          ResultSet rs =
              raw.getMetaData().getTables(raw.getCatalog(), raw.getSchema(), "%", null)) {
        assertThat(rs.next()).isFalse();
      }
    }
  }
}
