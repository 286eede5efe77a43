package io.phiguard.it.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened to each case on one database kind, written to {@code
 * target/golden-cases/<kind>.txt} for review (executed / denied / skipped / failed, with reasons
 * and notes such as type-name differences).
 */
final class Outcomes {

  enum Status {
    EXECUTED,
    DENIED,
    SKIPPED,
    KNOWN_FAILURE,
    FAILED
  }

  private record Entry(Status status, String detail, List<String> notes) {}

  private final String label;
  private final Map<String, Entry> entries = new TreeMap<>();

  Outcomes(String label) {
    this.label = label;
  }

  synchronized void record(GoldenCase c, Status status, String detail, List<String> notes) {
    entries.put(c.toString(), new Entry(status, detail, List.copyOf(notes)));
  }

  /** Writes the report and returns its summary line. */
  synchronized String write() {
    Map<Status, Integer> counts = new TreeMap<>();
    List<String> lines = new ArrayList<>();
    entries.forEach(
        (name, e) -> {
          counts.merge(e.status(), 1, Integer::sum);
          lines.add(
              String.format(
                  Locale.ROOT,
                  "%-14s %s%s",
                  e.status(),
                  name,
                  e.detail() == null ? "" : "  -- " + e.detail().replace('\n', ' ')));
          e.notes().forEach(n -> lines.add("               note: " + n.replace('\n', ' ')));
        });
    String summary = label + ": " + counts;
    lines.add(0, summary);
    Path dir = Paths.get("target", "golden-cases");
    try {
      Files.createDirectories(dir);
      Files.write(
          dir.resolve(label.toLowerCase(Locale.ROOT) + ".txt"), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return summary;
  }
}
