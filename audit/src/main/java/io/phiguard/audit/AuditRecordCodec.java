package io.phiguard.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Encodes records as one line of canonical JSON (see {@link Json} for the canonical rules) and
 * reads them back. The journal, the JSON Lines sink and the JDBC sink all store this exact text,
 * and the hash chain covers it (without the {@code hash} member).
 *
 * <p>Members: {@code kind}, {@code time} (ISO-8601 UTC as {@link Instant#toString}), {@code
 * writer}, {@code seq}, {@code prev_hash}, {@code hash}, {@code identity} ({@code subject}, {@code
 * type}, {@code groups}, {@code on_behalf_of}, {@code verified}, {@code source}), {@code
 * datasource}, {@code db_user}, {@code statement_class}, {@code normalized_sql}, {@code
 * fingerprint}, {@code tables}, {@code masked_columns}, {@code decision}, {@code rule}, {@code
 * policy_version}, {@code approval_id}, {@code approvers}, {@code rows}, {@code duration_us},
 * {@code sql_state}, {@code message}, {@code decision_id}, {@code covered_seq}, {@code
 * covered_hash}, {@code key_id}, {@code signature}. Absent values and empty lists are omitted.
 */
public final class AuditRecordCodec {
  private static final Set<String> MEMBERS =
      Set.of(
          "kind",
          "time",
          "writer",
          "seq",
          "prev_hash",
          "hash",
          "identity",
          "datasource",
          "db_user",
          "statement_class",
          "normalized_sql",
          "fingerprint",
          "tables",
          "masked_columns",
          "decision",
          "rule",
          "policy_version",
          "approval_id",
          "approvers",
          "rows",
          "duration_us",
          "sql_state",
          "message",
          "decision_id",
          "covered_seq",
          "covered_hash",
          "key_id",
          "signature");
  private static final Set<String> IDENTITY_MEMBERS =
      Set.of("subject", "type", "groups", "on_behalf_of", "verified", "source");

  private AuditRecordCodec() {}

  /** The record's line (without the trailing newline), including its hash. */
  public static String toJson(AuditRecord r) {
    return Json.write(members(r, true));
  }

  /** What the hash covers. */
  static String canonicalWithoutHash(AuditRecord r) {
    return Json.write(members(r, false));
  }

  private static SortedMap<String, Object> members(AuditRecord r, boolean withHash) {
    SortedMap<String, Object> m = new TreeMap<>();
    m.put("kind", r.kind().name());
    m.put("time", r.time().toString());
    m.put("writer", r.writerId());
    m.put("seq", r.writerId() == null ? null : r.seq());
    m.put("prev_hash", r.prevHash());
    if (withHash) {
      m.put("hash", r.hash());
    }
    if (r.identity() != null) {
      AuditIdentity id = r.identity();
      SortedMap<String, Object> i = new TreeMap<>();
      i.put("subject", id.subject());
      i.put("type", id.type().name());
      i.put("groups", emptyToNull(id.groups()));
      i.put("on_behalf_of", emptyToNull(id.onBehalfOf()));
      i.put("verified", id.verified());
      i.put("source", id.source());
      m.put("identity", i);
    }
    m.put("datasource", r.datasource());
    m.put("db_user", r.dbUser());
    m.put("statement_class", r.statementClass() == null ? null : r.statementClass().name());
    m.put("normalized_sql", r.normalizedSql());
    m.put("fingerprint", r.fingerprint());
    m.put("tables", emptyToNull(r.tables()));
    m.put("masked_columns", emptyToNull(r.maskedColumns()));
    m.put("decision", r.decision() == null ? null : r.decision().name());
    m.put("rule", r.rule());
    m.put("policy_version", r.policyVersion());
    m.put("approval_id", r.approvalId());
    m.put("approvers", emptyToNull(r.approvers()));
    m.put("rows", r.rows());
    m.put("duration_us", r.durationMicros());
    m.put("sql_state", r.sqlState());
    m.put("message", r.message());
    m.put("decision_id", r.decisionId());
    m.put("covered_seq", r.coveredSeq());
    m.put("covered_hash", r.coveredHash());
    m.put("key_id", r.keyId());
    m.put("signature", r.signature());
    return m;
  }

  private static List<String> emptyToNull(List<String> list) {
    return list.isEmpty() ? null : list;
  }

  /**
   * Reads one line. Unknown members, wrong types and malformed JSON are refused with an {@link
   * IllegalArgumentException} whose message never quotes the line.
   */
  public static AuditRecord parse(String line) {
    Object parsed;
    try {
      parsed = Json.parse(line);
    } catch (Json.JsonException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    for (Object key : map.keySet()) {
      if (!MEMBERS.contains(key)) {
        throw new IllegalArgumentException("unknown member " + safeName(key));
      }
    }
    try {
      AuditRecord.Builder b =
          AuditRecord.builder(
              enumOf(RecordKind.class, string(map, "kind", true)),
              Instant.parse(string(map, "time", true)));
      Object identity = map.get("identity");
      if (identity != null) {
        b.identity(identity(identity));
      }
      // datasource is restored verbatim: it was cleaned when written, and re-cleaning could
      // alter what the hash covers
      AuditRecord.Builder restored =
          b.dbUser(string(map, "db_user", false))
              .statementClass(enumOf(StatementClass.class, string(map, "statement_class", false)))
              .normalizedSql(string(map, "normalized_sql", false))
              .fingerprint(string(map, "fingerprint", false))
              .tables(strings(map, "tables"))
              .maskedColumns(strings(map, "masked_columns"))
              .decision(enumOf(AuditDecision.class, string(map, "decision", false)))
              .rule(string(map, "rule", false))
              .policyVersion(string(map, "policy_version", false))
              .approval(string(map, "approval_id", false), strings(map, "approvers"))
              .rows(number(map, "rows"))
              .durationMicros(number(map, "duration_us"))
              .sqlState(string(map, "sql_state", false))
              .message(string(map, "message", false))
              .decisionId(string(map, "decision_id", false));
      restored.rawDatasource(string(map, "datasource", false));
      Long coveredSeq = number(map, "covered_seq");
      if (coveredSeq != null
          || map.get("covered_hash") != null
          || map.get("key_id") != null
          || map.get("signature") != null) {
        restored.checkpoint(
            coveredSeq == null ? -1 : coveredSeq,
            string(map, "covered_hash", false),
            string(map, "key_id", false),
            string(map, "signature", false));
      }
      Long seq = number(map, "seq");
      return AuditRecord.restored(
          restored,
          string(map, "writer", false),
          seq == null ? 0 : seq,
          string(map, "prev_hash", false),
          string(map, "hash", false));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("bad time");
    } catch (NullPointerException | ClassCastException e) {
      throw new IllegalArgumentException("bad record structure");
    }
  }

  private static AuditIdentity identity(Object value) {
    if (!(value instanceof Map<?, ?> id)) {
      throw new IllegalArgumentException("identity is not an object");
    }
    for (Object key : id.keySet()) {
      if (!IDENTITY_MEMBERS.contains(key)) {
        throw new IllegalArgumentException("unknown identity member " + safeName(key));
      }
    }
    Object verified = id.get("verified");
    if (!(verified instanceof Boolean)) {
      throw new IllegalArgumentException("identity.verified is not a boolean");
    }
    return new AuditIdentity(
        string(id, "subject", true),
        enumOf(PrincipalType.class, string(id, "type", true)),
        strings(id, "groups"),
        strings(id, "on_behalf_of"),
        (Boolean) verified,
        string(id, "source", false));
  }

  private static String string(Map<?, ?> map, String key, boolean required) {
    Object v = map.get(key);
    if (v == null) {
      if (required) {
        throw new IllegalArgumentException("missing " + key);
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(key + " is not a string");
    }
    return s;
  }

  private static Long number(Map<?, ?> map, String key) {
    Object v = map.get(key);
    if (v != null && !(v instanceof Long)) {
      throw new IllegalArgumentException(key + " is not an integer");
    }
    return (Long) v;
  }

  private static List<String> strings(Map<?, ?> map, String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new IllegalArgumentException(key + " is not an array");
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException(key + " holds a non-string");
      }
      out.add(s);
    }
    return out;
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
    if (name == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown " + type.getSimpleName());
    }
  }

  private static String safeName(Object key) {
    String s = String.valueOf(key);
    // a member name is not record content, but keep it short and printable
    return s.length() > 40 || !s.matches("[A-Za-z0-9_]*") ? "(unprintable)" : s;
  }
}
