package io.phiguard.approval.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the driver asks approval for. Never PHI values: the SQL is normalized (literals removed) and
 * bound parameters are represented only by a digest.
 *
 * @param subject the requesting identity's subject
 * @param type {@code human}, {@code agent} or {@code service}
 * @param groups its groups
 * @param onBehalfOf whom it acts for, nearest first
 * @param verified whether the identity came from a verified token or the embedding application
 * @param datasource the datasource URL without credentials
 * @param normalizedSql the statement with literals removed
 * @param fingerprint the statement shape's fingerprint
 * @param sqlHash SHA-256 (hex) of the exact SQL text
 * @param paramsDigest digest (64 hex digits) of the bound parameter values
 * @param tables tables the statement touches
 * @param columns columns it reads, writes or copies
 * @param rule the policy rule asking for approval
 * @param justification why, or null
 * @param estimatedRows the planner's row estimate (a {@code rows > N} rule), or null when none
 */
public record Submission(
    String subject,
    String type,
    Set<String> groups,
    List<String> onBehalfOf,
    boolean verified,
    String datasource,
    String normalizedSql,
    String fingerprint,
    String sqlHash,
    String paramsDigest,
    List<String> tables,
    List<String> columns,
    String rule,
    String justification,
    Long estimatedRows) {

  /** Requires the identifying parts and copies the lists. */
  public Submission {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(type, "type");
    groups = Set.copyOf(groups);
    onBehalfOf = List.copyOf(onBehalfOf);
    Objects.requireNonNull(datasource, "datasource");
    Objects.requireNonNull(normalizedSql, "normalizedSql");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(sqlHash, "sqlHash");
    Objects.requireNonNull(paramsDigest, "paramsDigest");
    tables = List.copyOf(tables);
    columns = List.copyOf(columns);
    Objects.requireNonNull(rule, "rule");
    if (estimatedRows != null && estimatedRows < 0) {
      throw new IllegalArgumentException("estimatedRows must not be negative");
    }
  }

  /** The wire form of {@code POST /v1/requests}. */
  Map<String, Object> json() {
    Map<String, Object> who = new LinkedHashMap<>();
    who.put("subject", subject);
    who.put("type", type);
    who.put("groups", groups.stream().sorted().toList());
    who.put("on_behalf_of", onBehalfOf);
    who.put("verified", verified);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("requester", who);
    json.put("datasource", datasource);
    json.put("normalized_sql", normalizedSql);
    json.put("fingerprint", fingerprint);
    json.put("sql_hash", sqlHash);
    json.put("params_digest", paramsDigest);
    json.put("tables", tables);
    json.put("columns", columns);
    json.put("rule", rule);
    if (estimatedRows != null) {
      json.put("estimated_rows", estimatedRows);
    }
    if (justification != null && !justification.isBlank()) {
      json.put("justification", justification);
    }
    return json;
  }
}
