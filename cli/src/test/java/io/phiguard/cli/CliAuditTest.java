package io.phiguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.driver.PhiGuard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./phiguard audit verify|export} over a journal and an H2 store the driver wrote: intact →
 * 0, a tampered copy → 3 naming the record, exports in both formats, bad arguments → 2.
 */
class CliAuditTest {
  private static final List<String> CANARIES = List.of("900-11-0001", "Avery Canary");

  @TempDir Path dir;
  private Path policy;
  private Path journal;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void writeATrailThroughTheDriver() throws Exception {
    policy =
        Files.writeString(
            dir.resolve("phiguard.yaml"),
            """
            version: 1
            protect:
              patients:
                ssn: partial(0, 4)
                full_name: redact
            audit:
              store: jdbc:h2:file:./store/audit
              journal: ./journal/phiguard.jsonl
            """);
    journal = dir.resolve("journal/phiguard.jsonl");
    String url = "jdbc:phiguard:h2:mem:cli-audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (Connection raw = DriverManager.getConnection(url.replace("jdbc:phiguard:", "jdbc:"));
        Statement st = raw.createStatement()) {
      st.execute("CREATE TABLE patients (id INT PRIMARY KEY, full_name VARCHAR(80), ssn CHAR(11))");
      st.execute("INSERT INTO patients VALUES (1, 'Avery Canary', '900-11-0001')");
    }
    Properties props = new Properties();
    props.setProperty("phiguard.config", policy.toString());
    props.setProperty("phiguard.subject", "analyst");
    try (Connection c = DriverManager.getConnection(url, props);
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT full_name, ssn FROM patients WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
      }
      try {
        st.executeQuery("SELECT id FROM patients WHERE ssn = '900-11-0001'");
      } catch (SQLException denied) {
        assertThat(denied.getSQLState()).isEqualTo("42501");
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM patients")) {
        assertThat(rs.next()).isTrue();
      }
    }
    // 3 decisions, 2 outcomes and 2 rows-read outcomes (result sets closed); let the shipper
    // store them before the trail closes
    assertThat(Files.readAllLines(journal)).hasSize(7);
    Path shipped = dir.resolve("journal/phiguard.jsonl.shipped");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!(Files.exists(shipped) && Files.readString(shipped).contains("seq=7"))) {
      assertThat(System.nanoTime()).as("shipped within 5 s").isLessThan(deadline);
      Thread.sleep(20);
    }
    PhiGuard.shutdown();
  }

  @AfterEach
  void closeTrails() {
    PhiGuard.shutdown();
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Every file under the temp directory with its size and modification time. */
  private Map<Path, String> files() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      Map<Path, String> m = new TreeMap<>();
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        m.put(p, Files.size(p) + "@" + Files.getLastModifiedTime(p));
      }
      return m;
    }
  }

  @Test
  void anIntactJournalAndStoreVerifyWithExitZero() throws Exception {
    Map<Path, String> before = files();

    assertThat(run("audit", "verify", "--config", policy.toString())).as(err()).isZero();

    assertThat(out())
        .containsPattern(
            "checkpoint key [0-9a-f]{16} from .*phiguard.jsonl.pub \\(beside the journal")
        .containsPattern(
            "journal .*phiguard.jsonl: intact, 8 records, 1 checkpoints, writers"
                + " phiguard-[0-9a-f]{8} \\(to seq 8\\), 0 recovered tails")
        .containsPattern("store jdbc:h2:file:.*: intact, 8 records, 1 checkpoints");
    assertThat(Files.readString(journal)).doesNotContain(CANARIES);
    // read-only: no file created, grown or touched, the H2 store's included
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void aTamperedCopyExitsThreeNamingTheFirstBadRecord() throws Exception {
    Path copy = dir.resolve("copy/phiguard.jsonl");
    Files.createDirectories(copy.getParent());
    List<String> lines = new ArrayList<>(Files.readAllLines(journal));
    assertThat(lines.get(3)).contains("\"decision\":\"DENY\"");
    lines.set(3, lines.get(3).replace("\"decision\":\"DENY\"", "\"decision\":\"ALLOW\""));
    Files.write(copy, lines);
    Path pub = dir.resolve("elsewhere.pub");
    Files.copy(dir.resolve("journal/phiguard.jsonl.pub"), pub);

    int exit =
        run(
            "audit",
            "verify",
            "--journal",
            copy.toString(),
            "--store",
            "none",
            "--public-key",
            pub.toString());

    assertThat(exit).isEqualTo(3);
    assertThat(out())
        .doesNotContain("beside the journal")
        .containsPattern("journal .*copy/phiguard.jsonl: NOT INTACT, 3 records")
        .containsPattern(
            "first bad record: modified, writer phiguard-[0-9a-f]{8}, seq 4 \\(line/row 4\\)");

    // a record removed from the middle is named as missing
    lines = new ArrayList<>(Files.readAllLines(journal));
    lines.remove(1);
    Files.write(copy, lines);
    assertThat(run("audit", "verify", "--journal", copy.toString(), "--public-key", pub.toString()))
        .isEqualTo(3);
    assertThat(out()).contains("first bad record: missing").contains("seq 2");
  }

  @Test
  void exportWritesOcsfDatastoreActivityAndNativeLines() throws Exception {
    Path ocsf = dir.resolve("out/ocsf.jsonl");
    Files.createDirectories(ocsf.getParent());
    assertThat(
            run(
                "audit",
                "export",
                "--config",
                policy.toString(),
                "--format",
                "ocsf",
                "--out",
                ocsf.toString()))
        .as(err())
        .isZero();
    List<String> events = Files.readAllLines(ocsf);
    // 3 decisions and 4 outcomes; the checkpoint is not an event
    assertThat(events).hasSize(7);
    assertThat(events)
        .allSatisfy(
            e ->
                assertThat(e)
                    .startsWith("{")
                    .contains("\"class_uid\":6005", "\"category_uid\":6", "\"metadata\":{")
                    .doesNotContain(CANARIES));
    assertThat(events.get(0)).contains("\"type_uid\":600504", "\"activity_id\":4");
    assertThat(events.get(3)).contains("\"status_id\":2", "denied by rule");
    assertThat(err()).contains("7 OCSF events to " + ocsf);

    assertThat(run("audit", "export", "--config", policy.toString(), "--format", "jsonl")).isZero();
    assertThat(out().lines().toList()).isEqualTo(Files.readAllLines(journal));

    assertThat(
            run(
                "audit",
                "export",
                "--config",
                policy.toString(),
                "--format",
                "jsonl",
                "--from",
                "store",
                "--since",
                "2999-01-01"))
        .isZero();
    assertThat(out()).isEmpty();
    assertThat(err()).contains("0 records");
  }

  @Test
  void badArgumentsExitTwoWithUsageAndNoStackTrace() {
    assertThat(run("audit", "verify", "--config", policy.toString(), "--bogus", "x")).isEqualTo(2);
    assertThat(err()).contains("unknown option --bogus", "usage: ./phiguard audit verify");

    assertThat(run("audit", "export", "--config", policy.toString())).isEqualTo(2);
    assertThat(err()).contains("--format is required");

    assertThat(run("audit", "export", "--config", policy.toString(), "--format", "xml"))
        .isEqualTo(2);
    assertThat(run("audit", "frobnicate")).isEqualTo(2);
    assertThat(run("audit", "verify", "--config", dir.resolve("missing.yaml").toString()))
        .isEqualTo(2);
    assertThat(err()).contains("no policy file").doesNotContain("Exception", "\tat ");

    assertThat(
            run(
                "audit",
                "export",
                "--config",
                policy.toString(),
                "--format",
                "ocsf",
                "--since",
                "yesterday"))
        .isEqualTo(2);
    assertThat(err()).contains("--since must be an ISO date");
  }
}
