package io.phiguard.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every golden case under {@code cases/<dialect>/<name>/}: {@code input.sql} is analysed and
 * rewritten for the masks of {@link TestCatalogs}; the result must equal {@code expected.sql} (the
 * single line {@code -- no rewrite} when there is none), the rewritten text must parse back to
 * itself, and the reference decision must equal {@code decision.json} (absent keys mean null or
 * empty). With {@code -Dgolden.update=true} the expected files are written from the actual output,
 * for review.
 */
class GoldenCasesTest {

  private static final String NO_REWRITE = "-- no rewrite";

  @TestFactory
  Stream<DynamicTest> goldenCases() throws IOException {
    // the source tree, so that -Dgolden.update=true writes where the cases live
    Path root = Paths.get("src/test/resources/cases");
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> dialects = Files.list(root)) {
      for (Path dialectDir : dialects.sorted().toList()) {
        try (Stream<Path> cases = Files.list(dialectDir)) {
          for (Path caseDir : cases.sorted().toList()) {
            String name = dialectDir.getFileName() + "/" + caseDir.getFileName();
            tests.add(DynamicTest.dynamicTest(name, () -> run(dialectDir, caseDir)));
          }
        }
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(60);
    return tests.stream();
  }

  private void run(Path dialectDir, Path caseDir) throws IOException {
    Dialect dialect = TestCatalogs.dialect(dialectDir.getFileName().toString());
    SqlAnalyzer analyzer =
        SqlAnalyzer.of(TestCatalogs.catalog(dialect), List.of(TestCatalogs.schema(dialect)));
    Map<ColumnRef, Mask> masks = TestCatalogs.masks(dialect);
    String input = read(caseDir.resolve("input.sql"));
    Analysis analysis = analyzer.analyze(input);
    List<RewriteResult> results = analysis.rewrite(masks);
    boolean rewritten = results.stream().allMatch(r -> r.sql() != null) && !results.isEmpty();
    String actualSql = rewritten ? Analysis.join(results) : NO_REWRITE;
    Map<String, Object> actualDecision = ReferencePolicy.decide(analysis, results, masks);

    if (Boolean.getBoolean("golden.update")) {
      write(caseDir.resolve("expected.sql"), actualSql + "\n");
      Path decisionFile = caseDir.resolve("decision.json");
      if (Files.exists(decisionFile)
          && "true".equals(MiniJson.parseObject(read(decisionFile)).get("unchanged"))) {
        actualDecision.put("unchanged", "true");
      }
      write(decisionFile, MiniJson.write(actualDecision));
      return;
    }
    assertThat(actualSql).as("rewritten SQL").isEqualTo(read(caseDir.resolve("expected.sql")));
    Map<String, Object> raw = MiniJson.parseObject(read(caseDir.resolve("decision.json")));
    assertThat(actualDecision).as("decision").isEqualTo(withDefaults(raw));
    if (rewritten) {
      // parse → deparse → parse: what is sent analyses to the very same text
      for (RewriteResult result : results) {
        Analysis again = analyzer.analyze(result.sql());
        assertThat(again.statements()).hasSize(1);
        assertThat(again.statements().get(0).sql()).isEqualTo(result.sql());
      }
    }
    if ("true".equals(raw.get("unchanged"))) {
      // a control: nothing protected is touched, so the text goes out exactly as it came in
      assertThat(actualSql).isEqualTo(input);
    }
  }

  private static Map<String, Object> withDefaults(Map<String, Object> decision) {
    Map<String, Object> complete = new LinkedHashMap<>();
    complete.put("kind", decision.get("kind"));
    complete.put("masked", decision.getOrDefault("masked", List.of()));
    complete.put("deny", decision.get("deny"));
    complete.put("approval", decision.get("approval"));
    for (String list : List.of("postProcess", "oracles", "unknown")) {
      complete.put(list, decision.getOrDefault(list, List.of()));
    }
    return complete;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
