package io.phiguard.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads a mask as written in the policy: {@code redact}, {@code partial(0, 4)}, … */
final class MaskSpecParser {

  private static final Pattern CALL =
      Pattern.compile("([A-Za-z][A-Za-z0-9_-]*)\\s*(?:\\((.*)\\))?", Pattern.DOTALL);
  private static final Pattern OPEN_CALL = Pattern.compile("([A-Za-z][A-Za-z0-9_-]*)\\s*\\(");
  private static final Pattern COUNT = Pattern.compile("\\d{1,6}");
  private static final Pattern FILL = Pattern.compile("'(.)'|\"(.)\"");
  private static final List<String> NAMES =
      Arrays.stream(MaskFunction.values()).map(MaskFunction::yamlName).toList();
  private static final String PARTIAL_FIX =
      "Write partial(first, last) with the numbers of leading and trailing characters to keep,"
          + " e.g. partial(0, 4); an optional third argument is the fill character, e.g."
          + " partial(0, 4, '#')";

  private final NodeReader reader;

  MaskSpecParser(NodeReader reader) {
    this.reader = reader;
  }

  MaskSpec parse(Node node, String what) throws PolicyException {
    String text = reader.text(node, what);
    Matcher call = CALL.matcher(text);
    if (!call.matches()) {
      Matcher open = OPEN_CALL.matcher(text);
      if (open.lookingAt() && MaskFunction.byYamlName(open.group(1)).isPresent()) {
        // typically partial(0, 4) unquoted inside { }: YAML splits it at the comma
        throw reader.error(
            node,
            "'" + shorten(text) + "' is not complete: its ')' is missing",
            PARTIAL_FIX + "; inside { } or [ ], quote it: \"partial(0, 4)\"");
      }
      throw unknown(node, text);
    }
    String name = call.group(1);
    String args = call.group(2);
    Optional<MaskFunction> function = MaskFunction.byYamlName(name);
    if (function.isEmpty()) {
      throw unknown(node, name);
    }
    if (function.get() != MaskFunction.PARTIAL) {
      if (args != null) {
        throw reader.error(node, "'" + name + "' takes no arguments", "Write '" + name + "' alone");
      }
      return MaskSpec.of(function.get());
    }
    return partial(node, text, args);
  }

  private MaskSpec partial(Node node, String text, String args) throws PolicyException {
    String[] parts = args == null ? new String[0] : args.split(",", -1);
    if (parts.length < 2
        || parts.length > 3
        || !COUNT.matcher(parts[0].strip()).matches()
        || !COUNT.matcher(parts[1].strip()).matches()) {
      throw reader.error(
          node, "'" + shorten(text) + "' needs two non-negative integers", PARTIAL_FIX);
    }
    char fill = MaskSpec.DEFAULT_FILL;
    if (parts.length == 3) {
      Matcher m = FILL.matcher(parts[2].strip());
      if (!m.matches()) {
        throw reader.error(
            node,
            "the third argument of '" + shorten(text) + "' is not one quoted character",
            PARTIAL_FIX);
      }
      fill = (m.group(1) != null ? m.group(1) : m.group(2)).charAt(0);
    }
    return new MaskSpec(
        MaskFunction.PARTIAL,
        Integer.parseInt(parts[0].strip()),
        Integer.parseInt(parts[1].strip()),
        fill);
  }

  private PolicyException unknown(Node node, String name) {
    return reader.error(
        node,
        "'" + shorten(name) + "' is not a mask function",
        Suggestions.didYouMean(name, NAMES) + "Use one of " + MaskFunction.USAGE);
  }

  private static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}
