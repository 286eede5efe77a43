package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.driver.jdbc.GuardedConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhiGuardDriverTest {
  @TempDir Path dir;

  @BeforeAll
  static void register() throws SQLException {
    PhiGuardDriver.register();
  }

  private static String memUrl() {
    return "h2:mem:drv_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
  }

  @Test
  void driverManagerHandsOutGuardedConnections() throws SQLException {
    assertThat(PhiGuardDriver.isRegistered()).isTrue();
    try (Connection c = DriverManager.getConnection("jdbc:phiguard:" + memUrl(), "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 41 + 1")) {
      assertThat(c).isInstanceOf(GuardedConnection.class);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
  }

  @Test
  void foreignUrlsAreLeftToOtherDrivers() throws SQLException {
    PhiGuardDriver driver = new PhiGuardDriver();
    assertThat(driver.connect("jdbc:" + memUrl(), new Properties())).isNull();
    assertThat(driver.acceptsURL("jdbc:h2:mem:x")).isFalse();
    assertThat(driver.jdbcCompliant()).isFalse();
    // and DriverManager still gives H2's own connection for an H2 URL
    try (Connection raw = DriverManager.getConnection("jdbc:" + memUrl(), "sa", "")) {
      assertThat(raw).isNotInstanceOf(GuardedConnection.class);
    }
  }

  @Test
  void phiGuardPropertiesNeverReachTheDelegate() throws SQLException {
    Properties info = new Properties();
    info.setProperty("user", "sa");
    info.setProperty("password", "");
    info.setProperty("phiguard.groups", "nurses");
    info.setProperty("phiguard.delegateDriver", EchoDriver.class.getName());
    String url = "jdbc:phiguard:echo:" + memUrl().replace(";", ";phiguard.subject=alice;");
    try (Connection c = DriverManager.getConnection(url, info)) {
      assertThat(c).isInstanceOf(GuardedConnection.class);
    }
    assertThat(EchoDriver.lastUrl).doesNotContain("phiguard").startsWith("jdbc:echo:h2:mem:");
    assertThat(EchoDriver.lastInfo.stringPropertyNames()).containsOnly("user", "password");
    // H2 itself refuses unknown settings, so this connects only if they were all removed
    info.remove("phiguard.delegateDriver");
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:phiguard:" + memUrl() + ";phiguard.subject=alice;phiguard.purpose=treatment",
            info)) {
      assertThat(c.isValid(1)).isTrue();
    }
  }

  @Test
  void propertyInfoListsPhiGuardsThenTheDelegates() throws SQLException {
    Properties info = new Properties();
    info.setProperty("phiguard.delegateDriver", EchoDriver.class.getName());
    info.setProperty("user", "sa");
    DriverPropertyInfo[] all =
        new PhiGuardDriver()
            .getPropertyInfo("jdbc:phiguard:echo:mem:x;phiguard.subject=alice;MODE=MySQL", info);
    int n = PhiGuardProperty.values().length;
    assertThat(Arrays.stream(all).limit(n).map(p -> p.name))
        .containsExactlyElementsOf(
            Arrays.stream(PhiGuardProperty.values()).map(PhiGuardProperty::key).toList());
    assertThat(all[n].name).isEqualTo("echo.url");
    assertThat(all[n].value).isEqualTo("jdbc:echo:mem:x;MODE=MySQL");
    assertThat(all[n + 1].value).isEqualTo("[user]");
    assertThat(Arrays.stream(all).filter(p -> p.name.equals("phiguard.delegateDriver")))
        .singleElement()
        .satisfies(p -> assertThat(p.value).isEqualTo(EchoDriver.class.getName()));
    // H2's own list follows ours (H2 reports none, but asking it must work)
    assertThat(new PhiGuardDriver().getPropertyInfo("jdbc:phiguard:" + memUrl(), null))
        .hasSizeGreaterThanOrEqualTo(n);
  }

  @Test
  void delegateDriverCanBeNamed() throws SQLException {
    Properties info = new Properties();
    info.setProperty("phiguard.delegateDriver", "org.h2.Driver");
    try (Connection c = DriverManager.getConnection("jdbc:phiguard:" + memUrl(), info)) {
      assertThat(c.isValid(1)).isTrue();
    }
    info.setProperty("phiguard.delegateDriver", "com.example.NoSuchDriver");
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:phiguard:" + memUrl(), info))
        .isInstanceOf(SQLNonTransientException.class)
        .hasFieldOrPropertyWithValue("SQLState", "F0000")
        .hasMessageContaining("com.example.NoSuchDriver");
    info.setProperty("phiguard.delegateDriver", String.class.getName());
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:phiguard:" + memUrl(), info))
        .hasFieldOrPropertyWithValue("SQLState", "F0000");
  }

  @Test
  void noDriverForTheUrlIs08001() {
    assertThatThrownBy(
            () -> DriverManager.getConnection("jdbc:phiguard:nosuchdb://u:secret@host/x", "u", "p"))
        .isInstanceOf(SQLNonTransientConnectionException.class)
        .isInstanceOf(PhiGuardException.class)
        .hasFieldOrPropertyWithValue("SQLState", "08001")
        .hasMessageContaining("jdbc:nosuchdb://host/x")
        .hasMessageNotContaining("secret");
  }

  @Test
  void invalidConfigurationIsReportedAtConnect() {
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(
                    "jdbc:phiguard:" + memUrl() + ";phiguard.allowUnwrap=maybe", "sa", ""))
        .hasFieldOrPropertyWithValue("SQLState", "F0000");
  }

  @Test
  void delegatePasswordIsReadFromAFile() throws Exception {
    String db = memUrl();
    // the first connection creates the database and its admin user
    try (Connection owner = DriverManager.getConnection("jdbc:" + db, "app", "s3cret-pw")) {
      assertThat(owner.isValid(1)).isTrue();
      Path file = Files.writeString(dir.resolve("pw"), "s3cret-pw\n");
      Properties info = new Properties();
      info.setProperty("user", "app");
      info.setProperty("phiguard.delegatePasswordFile", file.toString());
      try (Connection c = DriverManager.getConnection("jdbc:phiguard:" + db, info)) {
        assertThat(c.isValid(1)).isTrue();
      }
      Path wrong = Files.writeString(dir.resolve("wrong"), "not-it-pw");
      info.setProperty("phiguard.delegatePasswordFile", wrong.toString());
      assertThatThrownBy(() -> DriverManager.getConnection("jdbc:phiguard:" + db, info))
          .isInstanceOf(SQLException.class)
          .hasFieldOrPropertyWithValue("SQLState", "28000")
          .hasMessageNotContaining("not-it-pw");
      Path missing = dir.resolve("missing");
      info.setProperty("phiguard.delegatePasswordFile", missing.toString());
      assertThatThrownBy(() -> DriverManager.getConnection("jdbc:phiguard:" + db, info))
          .hasFieldOrPropertyWithValue("SQLState", "F0000")
          .hasMessageContaining(missing.toString());
    }
  }
}
