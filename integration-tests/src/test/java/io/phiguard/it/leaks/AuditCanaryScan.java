package io.phiguard.it.leaks;

import io.phiguard.audit.AuditRecord;
import io.phiguard.audit.AuditRecordCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scans what an audit trail wrote — the journal, its checkpoint and position files, and the bytes
 * of the embedded H2 store — for every {@link Canaries canary} form (value, digits, reversed, hex,
 * base64, MD5/SHA-1/SHA-256). Fails on the first one found.
 *
 * <p>Fields PhiGuard computes itself (hashes, signatures, fingerprints, times, seq numbers,
 * decision ids, row counts) are blanked before the scan: they are random-looking hex and digits in
 * which a five-digit needle such as a ZIP code would appear by chance in a few thousand records. No
 * PHI can reach them; everything else (identity, SQL, tables, columns, rules, messages) is scanned
 * as written. Limit: a leaked five-digit value equal to a decision id of the same run, and standing
 * alone, would be blanked with it.
 */
final class AuditCanaryScan {
  /** The files of the policy's default audit settings, relative to the policy's directory. */
  static final String JOURNAL = "phiguard-journal";

  static final String STORE = "phiguard-audit";

  private static final Pattern COMPUTED_FIELDS =
      Pattern.compile(
          "\"(time|writer|seq|prev_hash|hash|fingerprint|policy_version|decision_id|covered_seq"
              + "|covered_hash|key_id|signature|rows|duration_us)\":(\"[^\"]*\"|-?[0-9]+)");

  /** What was scanned. */
  record Summary(long journalRecords, long decisions, long storeRows, long bytesScanned) {}

  private AuditCanaryScan() {}

  /**
   * Scans the audit files in {@code dir} (after the trail was closed) and throws an {@link
   * AssertionError} naming the file and the canary form (never the value) when one is found.
   */
  static Summary scan(Path dir) throws IOException, SQLException {
    Path journal = dir.resolve(JOURNAL);
    if (!Files.exists(journal)) {
      return new Summary(0, 0, 0, 0);
    }
    List<AuditRecord> records = new ArrayList<>();
    for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
      records.add(AuditRecordCodec.parse(line));
    }
    Set<String> computedValues = computedValues(records);
    long bytes = 0;
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files =
          listing
              .filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().startsWith("phiguard-"))
              .filter(p -> !p.getFileName().toString().endsWith(".key"))
              .sorted()
              .toList();
    }
    for (Path file : files) {
      byte[] content = Files.readAllBytes(file);
      bytes += content.length;
      // byte for byte: the H2 store is binary, its strings are UTF-8 (ASCII for every needle)
      String text = blank(new String(content, StandardCharsets.ISO_8859_1), computedValues);
      Optional<String> canary = Canaries.find(text);
      if (canary.isPresent()) {
        throw new AssertionError(
            "audit file " + file.getFileName() + " holds a canary: " + canary.get());
      }
    }
    long decisions = records.stream().filter(r -> r.kind().name().equals("DECISION")).count();
    return new Summary(records.size(), decisions, storeRows(dir), bytes);
  }

  /**
   * Blanks the fields PhiGuard computes: in JSON by field name; in the store's own columns
   * (writer_id, event_time, decision_id, hash) by the values the journal holds for them.
   */
  static String blank(String text, Set<String> computedValues) {
    String result = COMPUTED_FIELDS.matcher(text).replaceAll("\"$1\":\"-\"");
    for (String value : computedValues) {
      result =
          value.chars().allMatch(Character::isDigit)
              // a decision id only where it stands alone, never inside a longer number
              ? result.replaceAll("(?<![0-9])" + value + "(?![0-9])", "-")
              : result.replace(value, "-");
    }
    return result;
  }

  private static Set<String> computedValues(List<AuditRecord> records) {
    Set<String> values = new LinkedHashSet<>();
    for (AuditRecord r : records) {
      values.add(r.hash());
      values.add(r.writerId());
      values.add(r.time().toString());
      // short ids stay: blanking "73" would also cut "912-73-4865" apart; only an id as long as
      // a needle (a ZIP code) could be mistaken for one
      if (r.decisionId() != null && r.decisionId().length() >= 5) {
        values.add(r.decisionId());
      }
    }
    return values;
  }

  /** Rows in the closed H2 store (read-only), or 0 without one. */
  static long storeRows(Path dir) throws SQLException {
    if (!Files.exists(dir.resolve(STORE + ".mv.db"))) {
      return 0;
    }
    String url = "jdbc:h2:file:" + dir.resolve(STORE) + ";ACCESS_MODE_DATA=r";
    try (Connection c = DriverManager.getConnection(url, "", "");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM phiguard_audit")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
