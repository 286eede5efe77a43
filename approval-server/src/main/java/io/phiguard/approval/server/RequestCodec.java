package io.phiguard.approval.server;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * JSON for requests: the wire form of submissions ({@link #submission}) and the stored body of a
 * request ({@link #storedBody}/{@link #fromStored}). Field names are snake_case on the wire.
 */
final class RequestCodec {
  private RequestCodec() {}

  /** A submission from its JSON object. */
  static NewRequest submission(Map<String, Object> json) {
    Map<String, Object> who = object(json, "requester");
    Requester requester =
        new Requester(
            string(who, "subject"),
            PrincipalKind.parse(string(who, "type")),
            new LinkedHashSet<>(strings(who, "groups")),
            strings(who, "on_behalf_of"),
            Boolean.TRUE.equals(who.get("verified")));
    Object estimate = json.get("estimated_rows");
    if (estimate != null && !(estimate instanceof Number)) {
      throw new IllegalArgumentException("estimated_rows must be a number");
    }
    return new NewRequest(
        requester,
        string(json, "datasource"),
        string(json, "normalized_sql"),
        string(json, "fingerprint"),
        string(json, "sql_hash"),
        string(json, "params_digest"),
        strings(json, "tables"),
        strings(json, "columns"),
        estimate == null ? null : ((Number) estimate).longValue(),
        string(json, "rule"),
        string(json, "justification"));
  }

  /** A submission as JSON (the inverse of {@link #submission}). */
  static Map<String, Object> submissionJson(NewRequest r) {
    Map<String, Object> who = new LinkedHashMap<>();
    who.put("subject", r.requester().subject());
    who.put("type", r.requester().kind().wireName());
    who.put("groups", r.requester().groups().stream().sorted().toList());
    who.put("on_behalf_of", r.requester().onBehalfOf());
    who.put("verified", r.requester().verified());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("requester", who);
    json.put("datasource", r.datasource());
    json.put("normalized_sql", r.normalizedSql());
    json.put("fingerprint", r.fingerprint());
    json.put("sql_hash", r.sqlHash());
    json.put("params_digest", r.paramsDigest());
    json.put("tables", r.tables());
    json.put("columns", r.columns());
    json.put("estimated_rows", r.estimatedRows());
    json.put("rule", r.rule());
    json.put("justification", r.justification());
    return json;
  }

  /** The stored body: everything but the id, status, version and redemption (kept in columns). */
  static String storedBody(ApprovalRequest r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("submitted", submissionJson(r.submitted()));
    json.put("created_at", r.createdAt().toString());
    json.put("expires_at", r.expiresAt().toString());
    List<Object> votes = new ArrayList<>();
    for (Vote v : r.votes()) {
      Map<String, Object> vote = new LinkedHashMap<>();
      vote.put("subject", v.subject());
      vote.put("decision", v.decision().wireName());
      vote.put("reason", v.reason());
      vote.put("at", v.at().toString());
      vote.put("channel", v.channel());
      votes.add(vote);
    }
    json.put("votes", votes);
    json.put("pause_reason", r.pauseReason());
    json.put("paused_by", r.pausedBy());
    json.put(
        "remaining_when_paused_ms",
        r.remainingWhenPaused() == null ? null : r.remainingWhenPaused().toMillis());
    json.put("deny_reason", r.denyReason());
    json.put("grant", r.grant());
    json.put("grant_expires_at", r.grantExpiresAt() == null ? null : r.grantExpiresAt().toString());
    return JSONObjectUtils.toJSONString(json);
  }

  /** A request from its stored columns and body. */
  static ApprovalRequest fromStored(
      String id, RequestStatus status, long version, Instant redeemedAt, String body) {
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(body);
    } catch (ParseException e) {
      throw new IllegalStateException("stored request " + id + " is not valid JSON", e);
    }
    List<Vote> votes = new ArrayList<>();
    for (Object o : list(json, "votes")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> v = (Map<String, Object>) o;
      votes.add(
          new Vote(
              string(v, "subject"),
              Decision.parse(string(v, "decision")),
              string(v, "reason"),
              Instant.parse(string(v, "at")),
              string(v, "channel")));
    }
    Object remaining = json.get("remaining_when_paused_ms");
    String grantExpiry = string(json, "grant_expires_at");
    return new ApprovalRequest(
        id,
        submission(object(json, "submitted")),
        status,
        Instant.parse(string(json, "created_at")),
        Instant.parse(string(json, "expires_at")),
        votes,
        string(json, "pause_reason"),
        string(json, "paused_by"),
        remaining == null ? null : Duration.ofMillis(((Number) remaining).longValue()),
        string(json, "deny_reason"),
        string(json, "grant"),
        grantExpiry == null ? null : Instant.parse(grantExpiry),
        redeemedAt,
        version);
  }

  static String string(Map<String, Object> json, String field) {
    Object value = json.get(field);
    if (value != null && !(value instanceof String)) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return (String) value;
  }

  static List<String> strings(Map<String, Object> json, String field) {
    List<String> out = new ArrayList<>();
    for (Object o : list(json, field)) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException(field + " must be a list of strings");
      }
      out.add(s);
    }
    return out;
  }

  private static List<?> list(Map<String, Object> json, String field) {
    Object value = json.get(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> l)) {
      throw new IllegalArgumentException(field + " must be a list");
    }
    return l;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> json, String field) {
    Object value = json.get(field);
    if (!(value instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(field + " must be an object");
    }
    return (Map<String, Object>) value;
  }
}
