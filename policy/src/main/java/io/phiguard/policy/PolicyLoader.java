package io.phiguard.policy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Loads and validates {@code phiguard.yaml}.
 *
 * <p>The file is read as YAML 1.2 (core schema: {@code yes}/{@code no} are text, not booleans) into
 * a node tree that keeps every value's line and column, then checked completely: unknown keys,
 * wrong types, unknown mask functions, bad arguments, approval triggers, duplicates and references
 * between sections all fail with a {@link PolicyException} of the form {@code file:line:column:
 * what is wrong. How to fix it}. Secrets are referenced, never contained: no secret is read at load
 * time.
 */
public final class PolicyLoader {

  /** Policy files are small; a larger input is refused before parsing. */
  private static final int MAX_CODE_POINTS = 1 << 20;

  /** Aliases can multiply a document's size ("billion laughs"); a policy needs few. */
  private static final int MAX_ALIASES = 50;

  private PolicyLoader() {}

  /** Loads the policy in {@code file} (UTF-8); messages name the file as given. */
  public static Policy load(Path file) throws PolicyException {
    String name = file.toString();
    String text;
    try {
      byte[] bytes = Files.readAllBytes(file);
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new PolicyException(
          SourceLocation.ofFile(name), "the policy file is not valid UTF-8", "Save it as UTF-8");
    } catch (IOException e) {
      throw new PolicyException(
          SourceLocation.ofFile(name),
          "cannot read the policy file (" + e.getClass().getSimpleName() + ")",
          "Check that the path is right and the file is readable by this process");
    }
    return parse(text, name);
  }

  /** Parses policy {@code text}; {@code fileName} is used in messages and source locations. */
  public static Policy parse(String text, String fileName) throws PolicyException {
    NodeReader reader = new NodeReader(fileName);
    Optional<Node> root = compose(text, fileName);
    if (root.isEmpty() || NodeReader.isNull(root.get())) {
      throw new PolicyException(
          new SourceLocation(fileName, 1, 1),
          "the policy file is empty",
          "Start it with 'version: " + Policy.CURRENT_VERSION + "' and the tables to protect");
    }
    return new PolicyReader(reader).read(root.get());
  }

  private static Optional<Node> compose(String text, String fileName) throws PolicyException {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(fileName)
            .setSchema(new CoreSchema())
            .setUseMarks(true)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(MAX_ALIASES)
            .setCodePointLimit(MAX_CODE_POINTS)
            .build();
    try {
      // the low-level Compose API is not exported by the module; this is what it does
      return new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)))
          .getSingleNode();
    } catch (MarkedYamlEngineException e) {
      // getProblem() only: getMessage() quotes the offending line, which may hold a secret
      SourceLocation at =
          e.getProblemMark()
              .or(e::getContextMark)
              .map(m -> new SourceLocation(fileName, m.getLine() + 1, m.getColumn() + 1))
              .orElse(new SourceLocation(fileName, 1, 1));
      String problem = withoutPeriod(e.getProblem());
      String context = e.getContext();
      throw new PolicyException(
          at,
          "YAML syntax error: " + (context == null ? problem : context + ", " + problem),
          syntaxFix(problem));
    } catch (YamlEngineException e) {
      // unmarked engine errors are limits (size, alias count) with fixed texts, no file content
      throw new PolicyException(
          SourceLocation.ofFile(fileName),
          "the file cannot be read as YAML: " + withoutPeriod(e.getMessage()),
          "Keep the policy under "
              + MAX_CODE_POINTS
              + " characters and "
              + MAX_ALIASES
              + " aliases (*name)");
    }
  }

  private static String syntaxFix(String problem) {
    if (problem.contains("TAB")) {
      return "Indent with spaces, not tabs";
    }
    if (problem.contains("another document")) {
      return "Keep one YAML document in the file: remove the second '---' and what follows, or"
          + " merge it into the first";
    }
    return "Fix the YAML here: indent with spaces, quote values that contain ': ' or ' #' or"
        + " start with a special character, and inside { } or [ ] also values with commas, e.g."
        + " \"partial(0, 4)\"";
  }

  private static String withoutPeriod(String problem) {
    String p = problem == null ? "unexpected input" : problem.strip();
    return p.endsWith(".") ? p.substring(0, p.length() - 1) : p;
  }
}
