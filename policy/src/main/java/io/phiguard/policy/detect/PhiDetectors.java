package io.phiguard.policy.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Finds PHI in free text and replaces each detected span by its {@link PhiType#placeholder()}:
 * {@code "call 212-555-0143"} becomes {@code "call [PHONE]"}. Pure functions; instances are
 * immutable and thread-safe.
 *
 * <p>Every built-in pattern runs in time linear in the text: quantifiers are bounded or possessive,
 * and each pattern starts only at a token boundary, so no match can restart inside another. Checks
 * a pattern cannot express (Luhn, the SSA's SSN rules, month and day ranges, IPv6 groups) run in
 * Java on each candidate. Each pattern also reads the text through a character budget, so a
 * policy's own MRN pattern that backtracks cannot hang a result set: when a budget runs out, the
 * whole value is replaced by {@link #UNSCANNED}, never returned unscanned.
 *
 * <p>Overlapping detections: the longer span wins, then the earlier detector in the order SSN, MRN,
 * CARD, NPI, PHONE, EMAIL, URL, IP, DATE.
 */
public final class PhiDetectors {

  /** What a value becomes when it cannot be scanned within budget: all of it is withheld. */
  public static final String UNSCANNED = "[REDACTED]";

  /** The default MRN pattern: {@code MRN}, up to five separators, 6 to 10 digits. */
  public static final String DEFAULT_MRN_PATTERN = "(?i)(?<![\\w])MRN[\\s:#-]{0,5}\\d{6,10}(?!\\w)";

  // reads per character of text allowed to one pattern over all its matches: the built-in
  // patterns need far less; a runaway one is stopped long before it matters
  private static final long READS_PER_CHAR = 200;
  private static final long READS_BASE = 100_000;

  private static final String MONTH =
      "(?:January|Jan|February|Feb|March|Mar|April|Apr|May|June|Jun|July|Jul|August|Aug"
          + "|September|Sept|Sep|October|Oct|November|Nov|December|Dec)";

  /** How a candidate is confirmed; returns the end of the span, or -1 to reject the candidate. */
  @FunctionalInterface
  private interface Check {
    int end(Matcher m, String text);
  }

  private record Detector(PhiType type, Pattern pattern, Check check) {}

  private static final List<Detector> BUILT_IN_BEFORE_MRN =
      List.of(
          new Detector(
              PhiType.SSN,
              Pattern.compile("(?<![\\w-])(\\d{3})([- ])(\\d{2})\\2(\\d{4})(?![\\w-])"),
              (m, t) -> ssn(m.group(1), m.group(3), m.group(4)) ? m.end() : -1),
          new Detector(
              PhiType.SSN,
              // nine bare digits are an SSN only where the text says so
              Pattern.compile(
                  "(?i)(?<!\\w)(?:ssn|social security(?: number| no\\.?)?|ss#)[\\s:#.-]{0,5}"
                      + "(?<phi>\\d{9})(?!\\w)"),
              (m, t) -> {
                String d = m.group("phi");
                return ssn(d.substring(0, 3), d.substring(3, 5), d.substring(5)) ? m.end() : -1;
              }));

  private static final List<Detector> BUILT_IN_AFTER_MRN =
      List.of(
          new Detector(
              PhiType.CARD,
              Pattern.compile("(?<![\\w-])\\d(?:[ -]?\\d){12,18}(?![\\w-])"),
              (m, t) -> {
                String digits = Checksums.digits(m.group());
                return digits.length() >= 13 && Checksums.luhn(digits) ? m.end() : -1;
              }),
          new Detector(
              PhiType.NPI,
              Pattern.compile("(?<![\\w-])\\d{10}(?![\\w-])"),
              (m, t) -> Checksums.npi(m.group()) ? m.end() : -1),
          new Detector(
              PhiType.PHONE,
              Pattern.compile(
                  "(?<![\\w+])(?:\\+?1[ .-]?)?(?:\\([2-9]\\d{2}\\) ?|[2-9]\\d{2}[ .-]?)"
                      + "[2-9]\\d{2}[ .-]?\\d{4}(?!\\w)"),
              (m, t) -> m.end()),
          new Detector(
              PhiType.EMAIL,
              Pattern.compile(
                  "(?<![\\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\\.){1,8}"
                      + "[A-Za-z]{2,24}(?![\\w-])"),
              (m, t) -> m.end()),
          new Detector(
              PhiType.URL,
              Pattern.compile(
                  "(?i)(?<![^\\s<>\"'(\\[])(?:https?://|ftp://|www\\.)[^\\s<>\"'()\\[\\]]{1,2048}+"),
              (m, t) -> {
                int end = m.end();
                // a sentence's punctuation after an address is not part of it
                while (end > m.start() && ".,;:!?".indexOf(t.charAt(end - 1)) >= 0) {
                  end--;
                }
                return end - m.start() > 4 ? end : -1;
              }),
          new Detector(
              PhiType.IP,
              Pattern.compile(
                  "(?<![\\w.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
                      + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?!\\w|\\.\\d)"),
              (m, t) -> m.end()),
          new Detector(
              PhiType.IP,
              Pattern.compile("(?<![\\w:.])[0-9A-Fa-f:]{2,39}+(?![\\w:])"),
              (m, t) -> ipv6(m.group()) ? m.end() : -1),
          new Detector(
              PhiType.DATE,
              Pattern.compile(
                  "(?<![\\w-])(\\d{4})-(\\d{2})-(\\d{2})"
                      + "(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?"
                      + "(?![\\w-])"),
              (m, t) -> date(m.group(1), m.group(2), m.group(3)) ? m.end() : -1),
          new Detector(
              PhiType.DATE,
              Pattern.compile(
                  "(?<![\\w/.-])(\\d{1,2})([/-])(\\d{1,2})\\2(\\d{4}|\\d{2})(?![\\w/-])"),
              (m, t) -> date("2000", m.group(1), m.group(3)) ? m.end() : -1),
          new Detector(
              PhiType.DATE,
              Pattern.compile(
                  "(?i)(?<!\\w)(?:"
                      + MONTH
                      + "\\.? {1,3}\\d{1,2}(?:st|nd|rd|th)?,? {1,3}\\d{4}|\\d{1,2}(?:st|nd|rd|th)?"
                      + " {1,3}"
                      + MONTH
                      + "\\.?,? {1,3}\\d{4})(?!\\w)"),
              (m, t) -> m.end()));

  private final List<Detector> detectors;

  private PhiDetectors(List<Detector> detectors) {
    this.detectors = List.copyOf(detectors);
  }

  /** The built-in detectors with the default MRN pattern. */
  public static PhiDetectors defaults() {
    return withMrnPatterns(List.of(DEFAULT_MRN_PATTERN));
  }

  /**
   * The built-in detectors with these MRN patterns (Java regular expressions; a match is replaced
   * whole by {@code [MRN]}).
   *
   * @throws IllegalArgumentException naming the pattern that does not compile
   */
  public static PhiDetectors withMrnPatterns(List<String> mrnPatterns) {
    List<Detector> all = new ArrayList<>(BUILT_IN_BEFORE_MRN);
    for (String pattern : mrnPatterns) {
      all.add(new Detector(PhiType.MRN, compileMrn(pattern), (m, t) -> m.end()));
    }
    all.addAll(BUILT_IN_AFTER_MRN);
    return new PhiDetectors(all);
  }

  /**
   * Compiles an MRN pattern, or explains why it does not compile.
   *
   * @throws IllegalArgumentException with the regex engine's description (the pattern is policy
   *     text, not PHI)
   */
  public static Pattern compileMrn(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    try {
      Pattern compiled = Pattern.compile(pattern);
      if (compiled.matcher("").matches()) {
        throw new IllegalArgumentException("MRN pattern '" + pattern + "' matches empty text");
      }
      return compiled;
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "MRN pattern is not a valid regular expression: " + e.getDescription(), e);
    }
  }

  /**
   * The PHI spans in {@code text}, sorted by start, never overlapping.
   *
   * @throws BudgetExceededException when a pattern reads too much of the text (a backtracking
   *     pattern from the policy)
   */
  public List<Span> find(String text) {
    // longest first, then detector order: a card number is not also four phone numbers
    List<Span> candidates = new ArrayList<>();
    long budget = READS_BASE + READS_PER_CHAR * text.length();
    for (int order = 0; order < detectors.size(); order++) {
      Detector detector = detectors.get(order);
      Matcher m = detector.pattern().matcher(BoundedText.of(text, budget));
      try {
        while (m.find()) {
          int end = detector.check().end(m, text);
          if (end > 0) {
            int start = hasPhiGroup(detector.pattern()) ? m.start("phi") : m.start();
            candidates.add(new Span(start, Math.max(end, start + 1), detector.type()));
          }
        }
      } catch (BoundedText.BudgetExceeded e) {
        throw new BudgetExceededException(detector.type());
      }
    }
    List<Span> ordered = new ArrayList<>(candidates);
    ordered.sort(Comparator.comparingInt(Span::length).reversed());
    TreeMap<Integer, Span> chosen = new TreeMap<>();
    for (Span span : ordered) {
      Map.Entry<Integer, Span> before = chosen.floorEntry(span.start());
      Map.Entry<Integer, Span> after = chosen.ceilingEntry(span.start());
      if ((before == null || !before.getValue().overlaps(span))
          && (after == null || !after.getValue().overlaps(span))) {
        chosen.put(span.start(), span);
      }
    }
    return List.copyOf(chosen.values());
  }

  /**
   * {@code text} with every detected span replaced by its placeholder; {@link #UNSCANNED} when it
   * cannot be scanned within budget. {@code null} stays {@code null}.
   */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    List<Span> spans;
    try {
      spans = find(text);
    } catch (BudgetExceededException e) {
      return UNSCANNED;
    }
    if (spans.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (Span span : spans) {
      out.append(text, at, span.start()).append(span.type().placeholder());
      at = span.end();
    }
    return out.append(text, at, text.length()).toString();
  }

  @Override
  public String toString() {
    return "PhiDetectors[" + detectors.size() + " patterns]";
  }

  private static boolean hasPhiGroup(Pattern pattern) {
    return pattern.pattern().contains("(?<phi>");
  }

  private static boolean ssn(String area, String group, String serial) {
    return Checksums.ssn(Integer.parseInt(area), Integer.parseInt(group), Integer.parseInt(serial));
  }

  private static boolean date(String year, String month, String day) {
    int y = Integer.parseInt(year);
    int mo = Integer.parseInt(month);
    int d = Integer.parseInt(day);
    return y >= 1000 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
  }

  /** Eight groups of 1-4 hex digits, or fewer with one {@code ::} standing for the rest. */
  static boolean ipv6(String candidate) {
    int gap = candidate.indexOf("::");
    if (gap >= 0 && candidate.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    if (gap < 0) {
      return groups(candidate) == 8;
    }
    String head = candidate.substring(0, gap);
    String tail = candidate.substring(gap + 2);
    int h = head.isEmpty() ? 0 : groups(head);
    int t = tail.isEmpty() ? 0 : groups(tail);
    return h >= 0 && t >= 0 && h + t <= 7 && candidate.chars().anyMatch(c -> c != ':');
  }

  private static int groups(String part) {
    String[] groups = part.split(":", -1);
    for (String g : groups) {
      if (g.isEmpty() || g.length() > 4) {
        return -1;
      }
    }
    return groups.length;
  }
}
