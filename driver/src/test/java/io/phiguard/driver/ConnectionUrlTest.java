package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionUrlTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // ? and & (PostgreSQL, MySQL, MariaDB): others kept in order, the query re-opened with ?
        "jdbc:phiguard:postgresql://db:5432/ehr?phiguard.subject=alice&ssl=true&phiguard.groups=a%2Cb&tcpKeepAlive=true"
            + "|jdbc:postgresql://db:5432/ehr?ssl=true&tcpKeepAlive=true",
        "jdbc:phiguard:postgresql://db/ehr?ssl=true&phiguard.subject=alice|jdbc:postgresql://db/ehr?ssl=true",
        "jdbc:phiguard:postgresql://db/ehr?phiguard.subject=alice|jdbc:postgresql://db/ehr",
        "jdbc:phiguard:mysql://db/ehr?useSSL=true&phiguard.subject=alice&serverTimezone=UTC"
            + "|jdbc:mysql://db/ehr?useSSL=true&serverTimezone=UTC",
        "jdbc:phiguard:mariadb://db/ehr|jdbc:mariadb://db/ehr",
        // ; (H2)
        "jdbc:phiguard:h2:mem:x;DB_CLOSE_DELAY=-1;phiguard.subject=alice;MODE=PostgreSQL"
            + "|jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;MODE=PostgreSQL",
        "jdbc:phiguard:h2:mem:x;phiguard.subject=alice|jdbc:h2:mem:x",
        // the prefix is removed once: a database may be named like it
        "jdbc:phiguard:h2:mem:jdbc:phiguard:x|jdbc:h2:mem:jdbc:phiguard:x",
        "JDBC:PHIGUARD:h2:mem:x|jdbc:h2:mem:x",
      })
  void removesPhiGuardParametersAndKeepsTheRest(String url, String delegate) {
    assertThat(ConnectionUrl.parse(url).delegateUrl()).isEqualTo(delegate);
  }

  @Test
  void collectsPhiGuardParametersDecodingQueryValues() {
    ConnectionUrl url =
        ConnectionUrl.parse(
            "jdbc:phiguard:postgresql://db/ehr?phiguard.subject=a%40b.org&ssl=true"
                + "&phiguard.groups=x%2Cy");
    assertThat(url.parameters())
        .containsOnly(
            org.assertj.core.api.Assertions.entry("phiguard.subject", "a@b.org"),
            org.assertj.core.api.Assertions.entry("phiguard.groups", "x,y"));
    ConnectionUrl h2 = ConnectionUrl.parse("jdbc:phiguard:h2:mem:x;phiguard.purpose=a%20b");
    // H2 settings are not URL-encoded
    assertThat(h2.parameters()).containsEntry("phiguard.purpose", "a%20b");
  }

  @Test
  void acceptsItsPrefixInAnyCaseOnly() {
    assertThat(ConnectionUrl.accepts("jdbc:phiguard:h2:mem:x")).isTrue();
    assertThat(ConnectionUrl.accepts("Jdbc:PhiGuard:h2:mem:x")).isTrue();
    assertThat(ConnectionUrl.accepts("jdbc:h2:mem:x")).isFalse();
    assertThat(ConnectionUrl.accepts("jdbc:phiguar")).isFalse();
    assertThat(ConnectionUrl.accepts(null)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://alice:s3cret@db:5432/ehr?password=s3cret|jdbc:postgresql://db:5432/ehr",
        "jdbc:mysql://root:pw@db/ehr|jdbc:mysql://db/ehr",
        "jdbc:mariadb://db/ehr?user=u&password=pw|jdbc:mariadb://db/ehr",
        "jdbc:h2:mem:x;USER=sa;PASSWORD=pw|jdbc:h2:mem:x",
        "jdbc:postgresql://db/ehr|jdbc:postgresql://db/ehr",
      })
  void describeDropsCredentialsAndParameters(String url, String described) {
    assertThat(ConnectionUrl.describe(url)).isEqualTo(described);
  }
}
