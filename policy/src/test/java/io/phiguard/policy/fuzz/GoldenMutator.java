package io.phiguard.policy.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Mutations of the golden inputs of {@code sql-rewrite}: tokens inserted, deleted, duplicated or
 * swapped, with a bias toward what confuses parsers and splitters (executable comments, line
 * comments, quotes, semicolons, parentheses).
 */
final class GoldenMutator {

  /** One golden input and the directory name of its dialect. */
  record Seed(String dialect, String name, String sql) {}

  private static final Pattern TOKEN =
      Pattern.compile("'(?:[^']|'')*'|\"[^\"]*\"|`[^`]*`|\\w+|\\s+|.", Pattern.DOTALL);

  private static final String[] INSERTS = {
    "/*!",
    "/*!50000 ",
    "/*M! ",
    "*/",
    "/*",
    "--",
    "-- x\n",
    "#",
    "'",
    "''",
    "\"",
    "`",
    ";",
    ";;",
    "(",
    ")",
    "((",
    ",",
    " ",
    "\n",
    "$$",
    "$tag$",
    "E'\\''",
    "\\",
    "?",
    "*",
    ".",
    "::text",
    "ssn",
    "full_name",
    "patients",
    "p.ssn",
    "p",
    "SELECT",
    "FROM",
    "WHERE",
    "UNION",
    "UNION ALL",
    "JOIN",
    "LATERAL",
    "ORDER BY",
    "GROUP BY",
    "AS",
    "NULL",
    "'litmut'",
    "12345",
    "RETURNING *",
    "INTO",
    "SHOW",
    "SET",
    "BEGIN",
    "COMMIT",
    "EXPLAIN",
    "TABLE",
    "VALUES",
    "WITH",
    "OR 1=1",
    "FOR UPDATE",
    "LIMIT 1",
    "ROW",
    "lower(",
    "csvwrite(",
    "pg_stats",
    "patient_names",
    "@v",
    ":=",
    "USE",
    "`patients`",
    "\"PATIENTS\"",
    "\"patients\"",
    "public.",
    "ehr.",
    "PUBLIC.",
  };

  private GoldenMutator() {}

  /** Every golden input, read from {@code sql-rewrite}'s test resources. */
  static List<Seed> seeds(Path casesRoot) {
    List<Seed> seeds = new ArrayList<>();
    try (Stream<Path> inputs = Files.walk(casesRoot)) {
      for (Path input : inputs.filter(p -> p.endsWith("input.sql")).sorted().toList()) {
        Path caseDir = input.getParent();
        seeds.add(
            new Seed(
                caseDir.getParent().getFileName().toString(),
                caseDir.getFileName().toString(),
                Files.readString(input, StandardCharsets.UTF_8).strip()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seeds;
  }

  /** {@code sql} with one to four random token mutations. */
  static String mutate(String sql, Random random) {
    List<String> tokens = tokens(sql);
    int rounds = 1 + random.nextInt(4);
    for (int i = 0; i < rounds; i++) {
      int at = tokens.isEmpty() ? 0 : random.nextInt(tokens.size());
      switch (random.nextInt(5)) {
        case 0, 1 -> tokens.add(at, INSERTS[random.nextInt(INSERTS.length)]);
        case 2 -> {
          if (!tokens.isEmpty()) {
            tokens.remove(at);
          }
        }
        case 3 -> {
          if (tokens.size() > 1) {
            int other = random.nextInt(tokens.size());
            String t = tokens.get(at);
            tokens.set(at, tokens.get(other));
            tokens.set(other, t);
          }
        }
        default -> {
          if (!tokens.isEmpty()) {
            tokens.add(at, tokens.get(random.nextInt(tokens.size())));
          }
        }
      }
    }
    return String.join("", tokens);
  }

  private static List<String> tokens(String sql) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(sql);
    while (m.find()) {
      tokens.add(m.group());
    }
    return tokens;
  }
}
