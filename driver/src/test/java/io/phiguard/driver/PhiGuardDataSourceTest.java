package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.driver.GuardFixtures.RecordingListener;
import io.phiguard.driver.jdbc.GuardedConnection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class PhiGuardDataSourceTest {

  private static PhiGuardDataSource bean() {
    PhiGuardDataSource ds = new PhiGuardDataSource();
    ds.setUrl("jdbc:phiguard:" + GuardFixtures.h2Url().substring("jdbc:".length()));
    ds.setUser("sa");
    ds.setPassword("bean-secret");
    return ds;
  }

  @Test
  void beanConfiguredWithSettersHandsOutGuardedConnections() throws SQLException {
    PhiGuardDataSource ds = bean();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      assertThat(c).isInstanceOf(GuardedConnection.class);
      assertThat(rs.next()).isTrue();
    }
    assertThat(ds.toString()).doesNotContain("bean-secret");
  }

  @Test
  void beanRefusesForeignUrlsAndMissingUrl() {
    PhiGuardDataSource ds = new PhiGuardDataSource();
    assertThatThrownBy(() -> ds.setUrl("jdbc:h2:mem:x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(ds::getConnection).hasFieldOrPropertyWithValue("SQLState", "F0000");
  }

  @Test
  void connectionBuilderGivesGuardedConnections() throws SQLException {
    try (Connection c =
        bean().createConnectionBuilder().user("sa").password("bean-secret").build()) {
      assertThat(c).isInstanceOf(GuardedConnection.class);
    }
    PhiGuardDataSource wrapping =
        PhiGuardDataSource.wrap(
            GuardFixtures.h2DataSource(),
            PhiGuardConfig.builder().listener(new RecordingListener()).build());
    try (Connection c = wrapping.createConnectionBuilder().user("sa").password("").build()) {
      assertThat(c).isInstanceOf(GuardedConnection.class);
    }
    try (Connection c = wrapping.createConnectionBuilder().build()) {
      assertThat(c).isInstanceOf(GuardedConnection.class);
    }
  }

  @Test
  void theWrappedDataSourceIsNeverHandedOut() throws Exception {
    @SuppressWarnings("unchecked")
    Class<? extends DataSource> h2 =
        (Class<? extends DataSource>) Class.forName(GuardFixtures.H2_DATA_SOURCE);
    PhiGuardDataSource ds =
        PhiGuardDataSource.wrap(
            GuardFixtures.h2DataSource(),
            PhiGuardConfig.builder().listener(new RecordingListener()).build());
    assertThatThrownBy(() -> ds.unwrap(h2))
        .isInstanceOf(SQLSyntaxErrorException.class)
        .isInstanceOf(PhiGuardException.class)
        .hasFieldOrPropertyWithValue("SQLState", "42501");
    assertThat(ds.isWrapperFor(h2)).isFalse();
    assertThat(ds.unwrap(DataSource.class)).isSameAs(ds);
    assertThat(ds.isWrapperFor(DataSource.class)).isTrue();
    assertThatThrownBy(() -> PhiGuardDataSource.wrap(ds, PhiGuardConfig.builder().build()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
