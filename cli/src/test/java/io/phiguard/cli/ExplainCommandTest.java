package io.phiguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private String url;
  private Path policy;
  private Connection keepAlive;

  @BeforeEach
  void database() throws Exception {
    url =
        "jdbc:h2:mem:explain_"
            + UUID.randomUUID().toString().replace("-", "")
            + ";DB_CLOSE_DELAY=-1";
    keepAlive = DriverManager.getConnection(url, "sa", "");
    try (Statement s = keepAlive.createStatement()) {
      s.execute("CREATE TABLE patients(id INT PRIMARY KEY, ssn VARCHAR(11), city VARCHAR(40))");
    }
    policy = dir.resolve("phiguard.yaml");
    Files.writeString(
        policy,
        "version: 1\nprotect:\n  patients:\n    ssn: redact\nunmask:\n  - groups: [clinician]\n");
  }

  @AfterEach
  void close() throws Exception {
    keepAlive.close();
  }

  private int run(String stdin, String... args) throws Exception {
    return new Explain(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)))
        .run(args);
  }

  @Test
  void aMaskedReadExitsZeroAndPrintsTheRewrite() throws Exception {
    int code =
        run(
            "",
            "--url",
            url,
            "--config",
            policy.toString(),
            "--user",
            "sa",
            "--subject",
            "analyst",
            "SELECT id, ssn FROM patients");
    String text = out.toString(StandardCharsets.UTF_8);

    assertThat(code).isZero();
    assertThat(text).contains("decision:   MASK", "masked:     PATIENTS.SSN", "runs:");
  }

  @Test
  void anOracleExitsFourWithTheRuleAndSqlState() throws Exception {
    int code =
        run(
            "SELECT id FROM patients WHERE ssn = '1'",
            "--url",
            url,
            "--config",
            policy.toString(),
            "--user",
            "sa",
            "--subject",
            "analyst",
            "-");
    String text = out.toString(StandardCharsets.UTF_8);

    assertThat(code).isEqualTo(Explain.REFUSED);
    assertThat(text)
        .contains("decision:   DENY (SQLState 42501)", "rule:       protect:PATIENTS.SSN");
  }

  @Test
  void aClinicianRunsUnchanged() throws Exception {
    int code =
        run(
            "",
            "--url",
            url,
            "--config",
            policy.toString(),
            "--user",
            "sa",
            "--subject",
            "dr-lee",
            "--groups",
            "clinician",
            "SELECT ssn FROM patients");

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("decision:   ALLOW", "runs:       SELECT ssn FROM patients");
  }

  @Test
  void missingOptionsAreAUsageError() throws Exception {
    assertThat(run("", "SELECT 1")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--url and --config are required");
  }
}
