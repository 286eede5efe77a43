package io.phiguard.approval.server;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the driver submits for approval. Never PHI values: the SQL is normalized (literals removed)
 * by the driver, and bound parameters are represented only by a digest.
 *
 * @param requester who asks
 * @param datasource the datasource the statement runs on (URL without credentials, or a name)
 * @param normalizedSql the statement with literals replaced by placeholders
 * @param fingerprint the statement shape's fingerprint
 * @param sqlHash SHA-256 (hex) of the exact SQL text that will run
 * @param paramsDigest SHA-256 (hex) of the bound parameter values, or of nothing
 * @param tables tables the statement touches
 * @param columns columns it reads, writes or copies
 * @param estimatedRows the planner estimate, or null when none was made
 * @param rule the policy rule that asks for approval
 * @param justification why, from {@code phiguard.purpose} or the context API; may be null
 */
public record NewRequest(
    Requester requester,
    String datasource,
    String normalizedSql,
    String fingerprint,
    String sqlHash,
    String paramsDigest,
    List<String> tables,
    List<String> columns,
    Long estimatedRows,
    String rule,
    String justification) {

  private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");

  /**
   * Validates the submission.
   *
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public NewRequest {
    Objects.requireNonNull(requester, "requester is required");
    datasource = Texts.required(datasource, "datasource", Texts.MAX_NAME * 4);
    normalizedSql = Texts.required(normalizedSql, "normalized_sql", Texts.MAX_SQL);
    fingerprint = Texts.required(fingerprint, "fingerprint", Texts.MAX_NAME);
    sqlHash = hex(sqlHash, "sql_hash");
    paramsDigest = hex(paramsDigest, "params_digest");
    tables = names(tables, "tables");
    columns = names(columns, "columns");
    if (estimatedRows != null && estimatedRows < 0) {
      throw new IllegalArgumentException("estimated_rows must not be negative");
    }
    rule = Texts.required(rule, "rule", Texts.MAX_NAME);
    justification = Texts.optional(justification, "justification", Texts.MAX_REASON);
  }

  private static String hex(String value, String field) {
    String v = Texts.required(value, field, 64);
    if (!HEX_256.matcher(v).matches()) {
      throw new IllegalArgumentException(field + " must be 64 lower-case hex digits (SHA-256)");
    }
    return v;
  }

  private static List<String> names(List<String> values, String field) {
    List<String> list = Objects.requireNonNullElse(values, List.of());
    if (list.size() > 500) {
      throw new IllegalArgumentException(field + " lists more than 500 names");
    }
    return list.stream().map(n -> Texts.required(n, field, Texts.MAX_NAME)).toList();
  }
}
