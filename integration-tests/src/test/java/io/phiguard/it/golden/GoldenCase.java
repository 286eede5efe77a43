package io.phiguard.it.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One golden case of {@code sql-rewrite}: {@code input.sql}, {@code expected.sql} and the reference
 * {@code decision.json}, read from the source tree (Failsafe runs in the module directory).
 *
 * @param dialect the case directory's dialect ({@code postgres}, {@code mysql}, {@code h2})
 * @param name the case directory's name
 * @param input the statement(s) as the application wrote them
 * @param expected the rewrite for a masked identity, or {@link #NO_REWRITE}
 * @param decision the reference decision: string, null or list-of-string values
 */
record GoldenCase(
    String dialect, String name, String input, String expected, Map<String, Object> decision) {

  static final String NO_REWRITE = "-- no rewrite";
  static final Path ROOT = Paths.get("..", "sql-rewrite", "src", "test", "resources", "cases");

  /** All cases of one dialect, sorted by name; fails loudly if the directory is missing. */
  static List<GoldenCase> load(String dialect) {
    Path dir = ROOT.resolve(dialect);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "golden cases not found at "
              + dir.toAbsolutePath().normalize()
              + " (the integration tests must run from the integration-tests module directory)");
    }
    List<GoldenCase> cases = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path caseDir : children.filter(Files::isDirectory).sorted().toList()) {
        cases.add(
            new GoldenCase(
                dialect,
                caseDir.getFileName().toString(),
                read(caseDir.resolve("input.sql")),
                read(caseDir.resolve("expected.sql")),
                Json.object(read(caseDir.resolve("decision.json")))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (cases.isEmpty()) {
      throw new IllegalStateException("no golden cases in " + dir.toAbsolutePath().normalize());
    }
    return cases;
  }

  /** The reference decision's deny reason, or null. */
  String deny() {
    return (String) decision.get("deny");
  }

  /** Output columns the decision says are masked in SQL ({@code table.column}). */
  @SuppressWarnings("unchecked")
  List<String> masked() {
    return (List<String>) decision.getOrDefault("masked", List.of());
  }

  /** 1-based output indexes masked after the query (hash, detect) in {@code GuardedResultSet}. */
  @SuppressWarnings("unchecked")
  List<Integer> postProcessIndexes() {
    List<Integer> indexes = new ArrayList<>();
    for (String entry : (List<String>) decision.getOrDefault("postProcess", List.of())) {
      indexes.add(Integer.parseInt(entry.substring(0, entry.indexOf(':'))));
    }
    return indexes;
  }

  boolean rewritten() {
    return !expected.equals(NO_REWRITE);
  }

  @Override
  public String toString() {
    return dialect + "/" + name;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Just enough JSON for decision.json: one object of strings, nulls and string arrays. */
  static final class Json {
    private final String text;
    private int pos;

    private Json(String text) {
      this.text = text;
    }

    static Map<String, Object> object(String text) {
      Json json = new Json(text);
      Map<String, Object> result = json.readObject();
      json.skipSpace();
      if (json.pos != text.length()) {
        throw json.error("trailing text");
      }
      return result;
    }

    private Map<String, Object> readObject() {
      expect('{');
      Map<String, Object> map = new LinkedHashMap<>();
      skipSpace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      while (true) {
        skipSpace();
        String key = readString();
        skipSpace();
        expect(':');
        skipSpace();
        map.put(key, readValue());
        skipSpace();
        if (peek() == ',') {
          pos++;
          continue;
        }
        expect('}');
        return map;
      }
    }

    private Object readValue() {
      char c = peek();
      if (c == '"') {
        return readString();
      }
      if (c == '[') {
        pos++;
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
          pos++;
          return list;
        }
        while (true) {
          skipSpace();
          list.add(readValue());
          skipSpace();
          if (peek() == ',') {
            pos++;
            continue;
          }
          expect(']');
          return list;
        }
      }
      if (text.startsWith("null", pos)) {
        pos += 4;
        return null;
      }
      throw error("unexpected value");
    }

    private String readString() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (peek() != '"') {
        char c = text.charAt(pos++);
        if (c == '\\') {
          char escaped = text.charAt(pos++);
          switch (escaped) {
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            case 'u' -> {
              sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
              pos += 4;
            }
            default -> sb.append(escaped);
          }
        } else {
          sb.append(c);
        }
      }
      pos++;
      return sb.toString();
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private char peek() {
      if (pos >= text.length()) {
        throw error("unexpected end");
      }
      return text.charAt(pos);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private IllegalArgumentException error(String message) {
      return new IllegalArgumentException("decision.json: " + message + " at offset " + pos);
    }
  }
}
