package io.phiguard.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} options of one command; anything else is a usage error. */
final class Options {
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  private Options() {}

  /**
   * Parses {@code args}, accepting only {@code known} names (each taking one value) and, more than
   * once, those in {@code repeatable}.
   */
  static Options parse(String[] args, Set<String> known, Set<String> repeatable)
      throws UsageException {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!known.contains(name)) {
        throw new UsageException(
            name.startsWith("--") ? "unknown option " + name : "unexpected argument " + name);
      }
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw new UsageException(name + " needs a value");
      }
      List<String> list = o.values.computeIfAbsent(name, k -> new ArrayList<>());
      if (!list.isEmpty() && !repeatable.contains(name)) {
        throw new UsageException(name + " given twice");
      }
      list.add(args[++i]);
    }
    return o;
  }

  Optional<String> get(String name) {
    List<String> list = values.get(name);
    return list == null ? Optional.empty() : Optional.of(list.get(0));
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }
}
