package io.phiguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void demoShowsTheGateTheRefusedUnwrapAndTheRedactedError() {
    assertThat(run("demo")).isZero();
    String text = out.toString(StandardCharsets.UTF_8);

    assertThat(text)
        .contains("EXECUTE_PREPARED as claude-agent for dr.lee (unverified)")
        .contains("refused, SQLState 42501")
        .contains("SQLState 23505")
        .contains("contains the duplicated SSN: false")
        .contains("2 patients")
        .contains("analyst:   ***** | *******0001 | 1961-01-01")
        .contains("clinician: Avery Canary | 900-11-0001 | 1961-02-03")
        .contains("analyst filtering on ssn: SQLState 42501")
        .containsPattern("audit journal: .* \\(\\d+ records, no values\\)")
        .contains("agent's export: SQLState PH001")
        .contains("dr.lee (the agent acts for him) votes:  HTTP 403 self-approval")
        .contains("privacy-officer votes:                  HTTP 200")
        .contains("retried: the export ran once, masked: ssn *******0001")
        .contains("the same export again: SQLState PH001")
        .contains("bulk read stopped after 1 row: SQLState PH006")
        .contains("the same read again: SQLState PH001");
    // the gate lines print statements without their literals
    assertThat(text.lines().filter(l -> l.contains("gate #")))
        .noneMatch(l -> l.contains("900-11-0001") || l.contains("Canary"));
  }

  @Test
  void unknownCommandsExitTwoWithUsage() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command", "usage:");
  }
}
