package io.phiguard.policy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads durations as written in the policy: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}.
 */
final class DurationParser {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

  private DurationParser() {}

  static Duration parse(NodeReader reader, Node node, String what) throws PolicyException {
    String text = reader.text(node, what);
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw reader.error(
          node,
          what + " is not a duration",
          "Write a positive number with a unit: ms, s, m, h or d, e.g. 10m");
    }
    long amount = Long.parseLong(m.group(1));
    Duration duration =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
    if (duration.isZero()) {
      throw reader.error(node, what + " is zero", "Write a positive duration, e.g. 10m");
    }
    return duration;
  }
}
