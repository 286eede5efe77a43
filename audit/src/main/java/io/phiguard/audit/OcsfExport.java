package io.phiguard.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exports decisions and outcomes as OCSF {@value #OCSF_VERSION} Datastore Activity events (class
 * 6005, category 6 Application Activity), one JSON object per record.
 *
 * <p>Required attributes of the class are always set: {@code activity_id}, {@code category_uid},
 * {@code class_uid}, {@code type_uid} ({@code class_uid * 100 + activity_id}), {@code time} (epoch
 * ms), {@code severity_id}, {@code metadata} ({@code version}, {@code product}), {@code actor}
 * ({@code app_name}, and {@code user} when there is a subject), {@code src_endpoint} (the writer)
 * and {@code database} (the class requires one of database, databucket or table); the objects' own
 * required attributes and constraints hold too ({@code OcsfExportValidationTest} checks them).
 * {@code query_info.query_string} is the normalized SQL. PhiGuard's own fields (decision, rule,
 * policy version, approval, masked columns, chain position) go to {@code unmapped.phiguard}.
 * Checkpoints and recovery markers concern the trail itself, not a datastore, and are not exported.
 */
public final class OcsfExport {
  /** The OCSF schema version the events follow. */
  public static final String OCSF_VERSION = "1.3.0";

  static final int CLASS_UID = 6005;
  static final int CATEGORY_UID = 6;
  private static final Pattern HOST_PORT = Pattern.compile("//([^/:?;@\\[\\]]+)(?::(\\d{1,5}))?");

  private OcsfExport() {}

  /** The OCSF event for a decision or outcome; empty for checkpoints and recovery markers. */
  public static Optional<String> toOcsf(AuditRecord r) {
    if (r.kind() != RecordKind.DECISION && r.kind() != RecordKind.OUTCOME) {
      return Optional.empty();
    }
    int activity = activityId(r.statementClass());
    SortedMap<String, Object> e = new TreeMap<>();
    e.put("class_uid", (long) CLASS_UID);
    e.put("class_name", "Datastore Activity");
    e.put("category_uid", (long) CATEGORY_UID);
    e.put("category_name", "Application Activity");
    e.put("activity_id", (long) activity);
    e.put("activity_name", activityName(activity, r.statementClass()));
    e.put("type_uid", CLASS_UID * 100L + activity);
    e.put("type_name", "Datastore Activity: " + activityName(activity, r.statementClass()));
    e.put("time", r.time().toEpochMilli());
    e.put("metadata", metadata(r));
    e.put("actor", actor(r.identity()));
    e.put(
        "src_endpoint",
        object("uid", r.writerId() == null ? "unknown" : r.writerId(), "svc_name", "phiguard"));
    dstEndpoint(r.datasource()).ifPresent(d -> e.put("dst_endpoint", d));
    e.put(
        "database",
        object(
            "name",
            r.datasource() == null ? "unknown" : r.datasource(),
            "type",
            "Relational",
            "type_id",
            1L));
    if (r.normalizedSql() != null) {
      // query_info needs a name or uid besides the query string
      e.put(
          "query_info",
          r.fingerprint() != null
              ? object("query_string", r.normalizedSql(), "uid", r.fingerprint())
              : object("query_string", r.normalizedSql(), "name", "unfingerprinted statement"));
    }
    if (r.durationMicros() != null) {
      e.put("duration", r.durationMicros() / 1000);
    }
    status(r, e);
    e.put("message", message(r));
    e.put("unmapped", object("phiguard", phiguard(r)));
    return Optional.of(Json.write(e));
  }

  /** Writes one OCSF event per exportable record, each followed by a newline; returns the count. */
  public static long export(Iterator<AuditRecord> records, Appendable out) throws IOException {
    long n = 0;
    while (records.hasNext()) {
      Optional<String> event = toOcsf(records.next());
      if (event.isPresent()) {
        out.append(event.get()).append('\n');
        n++;
      }
    }
    return n;
  }

  private static int activityId(StatementClass c) {
    if (c == null) {
      return 99;
    }
    return switch (c) {
      case READ -> 4; // Query
      case WRITE -> 5; // Write
      default -> 99; // Other: DDL, ROLE, FUNCTION, MISC
    };
  }

  private static String activityName(int activity, StatementClass c) {
    return switch (activity) {
      case 4 -> "Query";
      case 5 -> "Write";
      default -> c == null ? "Other" : c.name();
    };
  }

  private static SortedMap<String, Object> metadata(AuditRecord r) {
    SortedMap<String, Object> m = new TreeMap<>();
    m.put("version", OCSF_VERSION);
    m.put("product", object("name", "PhiGuard", "vendor_name", "PhiGuard"));
    m.put("log_name", "phiguard-audit");
    if (r.writerId() != null) {
      m.put("uid", r.writerId() + ":" + r.seq());
      m.put("sequence", r.seq());
    }
    m.put("correlation_uid", r.decisionId());
    m.put("event_code", r.kind().name());
    return m;
  }

  private static SortedMap<String, Object> actor(AuditIdentity id) {
    SortedMap<String, Object> actor = new TreeMap<>();
    actor.put("app_name", "PhiGuard");
    // no subject (no identity): a user without name or uid would break the user object's
    // constraint; app_name alone identifies the actor
    if (id != null && !id.subject().isBlank()) {
      SortedMap<String, Object> user = new TreeMap<>();
      user.put("name", id.subject());
      user.put("uid", id.subject());
      switch (id.type()) {
        case HUMAN -> user.put("type_id", 1L);
        case SERVICE -> user.put("type_id", 3L);
        case AGENT -> {
          user.put("type_id", 99L);
          user.put("type", "Agent");
        }
        default -> user.put("type_id", 0L);
      }
      if (!id.groups().isEmpty()) {
        List<Object> groups = new ArrayList<>();
        for (String g : id.groups()) {
          groups.add(object("name", g));
        }
        user.put("groups", groups);
      }
      actor.put("user", user);
    }
    return actor;
  }

  private static Optional<SortedMap<String, Object>> dstEndpoint(String datasource) {
    if (datasource == null) {
      return Optional.empty();
    }
    Matcher m = HOST_PORT.matcher(datasource);
    if (!m.find()) {
      return Optional.empty();
    }
    SortedMap<String, Object> d = new TreeMap<>();
    d.put("hostname", m.group(1));
    if (m.group(2) != null) {
      d.put("port", Long.parseLong(m.group(2)));
    }
    return Optional.of(d);
  }

  private static void status(AuditRecord r, SortedMap<String, Object> e) {
    long statusId;
    long severityId = 1; // Informational
    String status;
    if (r.kind() == RecordKind.DECISION) {
      AuditDecision d = r.decision();
      if (d == AuditDecision.DENY) {
        statusId = 2;
        status = "Failure";
        severityId = 2;
        e.put("status_detail", hasRule(r) ? "denied by rule " + r.rule() : "denied");
      } else if (d == AuditDecision.NEEDS_APPROVAL) {
        statusId = 99;
        status = "Pending approval";
      } else if (d == null) {
        statusId = 0;
        status = "Unknown";
      } else {
        statusId = 1;
        status = "Success";
      }
    } else if (r.sqlState() == null || succeeded(r.sqlState())) {
      statusId = 1;
      status = "Success";
    } else {
      statusId = 2;
      status = "Failure";
      severityId = 2;
      e.put("status_code", r.sqlState());
      e.put("status_detail", r.message()); // already redacted by the caller
    }
    e.put("status_id", statusId);
    e.put("status", status);
    e.put("severity_id", severityId);
  }

  private static boolean hasRule(AuditRecord r) {
    return r.rule() != null && !r.rule().isBlank();
  }

  private static boolean succeeded(String sqlState) {
    // classes 00 (success), 01 (warning) and 02 (no data) are not failures
    String c = sqlState.length() >= 2 ? sqlState.substring(0, 2) : sqlState;
    return c.equals("00") || c.equals("01") || c.equals("02");
  }

  private static String message(AuditRecord r) {
    String what = r.statementClass() == null ? "statement" : r.statementClass().name();
    if (r.kind() == RecordKind.DECISION) {
      return "PhiGuard "
          + (r.decision() == null ? "decision" : r.decision().name().toLowerCase(Locale.ROOT))
          + " for a "
          + what
          + (hasRule(r) ? " (rule " + r.rule() + ")" : "");
    }
    return "PhiGuard outcome of a "
        + what
        + (r.rows() == null ? "" : ": " + r.rows() + " rows")
        + (r.sqlState() == null ? "" : ", SQLState " + r.sqlState());
  }

  private static SortedMap<String, Object> phiguard(AuditRecord r) {
    SortedMap<String, Object> p = new TreeMap<>();
    p.put("kind", r.kind().name());
    p.put("decision", r.decision() == null ? null : r.decision().name());
    p.put("rule", r.rule());
    p.put("policy_version", r.policyVersion());
    p.put("approval_id", r.approvalId());
    p.put("approvers", r.approvers().isEmpty() ? null : r.approvers());
    p.put("tables", r.tables().isEmpty() ? null : r.tables());
    p.put("masked_columns", r.maskedColumns().isEmpty() ? null : r.maskedColumns());
    p.put("statement_class", r.statementClass() == null ? null : r.statementClass().name());
    p.put("rows", r.rows());
    p.put("db_user", r.dbUser());
    if (r.identity() != null) {
      p.put(
          "identity",
          object(
              "type", r.identity().type().name(),
              "verified", r.identity().verified(),
              "source", r.identity().source(),
              "on_behalf_of",
                  r.identity().onBehalfOf().isEmpty() ? null : r.identity().onBehalfOf()));
    }
    p.put("writer", r.writerId());
    p.put("seq", r.writerId() == null ? null : r.seq());
    p.put("hash", r.hash());
    p.put("prev_hash", r.prevHash());
    return p;
  }

  private static SortedMap<String, Object> object(Object... keyValues) {
    SortedMap<String, Object> m = new TreeMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }
}
