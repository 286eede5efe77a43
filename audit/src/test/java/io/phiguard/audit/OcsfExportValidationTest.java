package io.phiguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every exported event satisfies what OCSF 1.3.0 requires of class 6005 (Datastore Activity,
 * category 6 Application Activity), including the required attributes and constraints of the
 * objects it carries.
 *
 * <p>Source: the OCSF 1.3.0 schema as the schema server exports it (frenchy64/ocsf-schema-export,
 * {@code resources/flanders/ocsf-1.3.0-export.json}, compiled from ocsf-schema {@code
 * events/base_event.json}, {@code events/application/datastore_activity.json} and {@code
 * objects/*.json}). Profile attributes (cloud, osint, security_control …) are required only when
 * the profile is applied; the export applies none.
 */
class OcsfExportValidationTest {
  // class 6005: "requirement": "required" (base event + application + datastore_activity)
  private static final List<String> REQUIRED =
      List.of(
          "activity_id",
          "actor",
          "category_uid",
          "class_uid",
          "metadata",
          "severity_id",
          "src_endpoint",
          "time",
          "type_uid");
  // datastore_activity "constraints": {"at_least_one": ["database", "databucket", "table"]}
  private static final List<String> DATASTORE_ONE_OF = List.of("database", "databucket", "table");
  // enums of the class: activity_id 0-10, 99; severity_id 0-6, 99; status_id 0-2, 99
  private static final Set<Long> ACTIVITY_IDS =
      Set.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 99L);
  private static final Set<Long> SEVERITY_IDS = Set.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 99L);
  private static final Set<Long> STATUS_IDS = Set.of(0L, 1L, 2L, 99L);
  // objects: metadata requires product and version; product requires vendor_name and one of
  // name/uid; actor needs one of app_name, app_uid, invoked_by, process, session, user; user one
  // of account, name, uid (type_id 0-3, 99); network_endpoint one of hostname, instance_uid,
  // interface_name, interface_uid, ip, name, svc_name, uid; database requires type_id (0-6, 99) and
  // one of name/uid; query_info requires query_string and one of name/uid
  private static final List<String> ACTOR_ONE_OF =
      List.of("app_name", "app_uid", "invoked_by", "process", "session", "user");
  private static final List<String> ENDPOINT_ONE_OF =
      List.of(
          "hostname",
          "instance_uid",
          "interface_name",
          "interface_uid",
          "ip",
          "name",
          "svc_name",
          "uid");
  private static final Set<Long> USER_TYPE_IDS = Set.of(0L, 1L, 2L, 3L, 99L);
  private static final Set<Long> DATABASE_TYPE_IDS = Set.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 99L);

  @TempDir Path dir;
  private final TestRecords.MutableClock clock = TestRecords.MutableClock.start();

  /** What is wrong with {@code event}, one line per violation; empty when it validates. */
  static List<String> violations(Map<?, ?> e) {
    List<String> v = new ArrayList<>();
    for (String attribute : REQUIRED) {
      if (absent(e.get(attribute))) {
        v.add("missing required " + attribute);
      }
    }
    expect(v, "class_uid", e.get("class_uid"), 6005L);
    expect(v, "category_uid", e.get("category_uid"), 6L);
    inEnum(v, "activity_id", e.get("activity_id"), ACTIVITY_IDS);
    inEnum(v, "severity_id", e.get("severity_id"), SEVERITY_IDS);
    if (e.get("status_id") != null) {
      inEnum(v, "status_id", e.get("status_id"), STATUS_IDS);
    }
    if (e.get("activity_id") instanceof Long a) {
      expect(v, "type_uid", e.get("type_uid"), 6005L * 100 + a);
    }
    if (!(e.get("time") instanceof Long)) {
      v.add("time is not an integer timestamp");
    }
    oneOf(v, "event", e, DATASTORE_ONE_OF);

    Map<?, ?> metadata = object(v, e, "metadata");
    if (metadata != null) {
      requireAll(v, "metadata", metadata, List.of("product", "version"));
      Map<?, ?> product = object(v, metadata, "product");
      if (product != null) {
        requireAll(v, "metadata.product", product, List.of("vendor_name"));
        oneOf(v, "metadata.product", product, List.of("name", "uid"));
      }
    }
    Map<?, ?> actor = object(v, e, "actor");
    if (actor != null) {
      oneOf(v, "actor", actor, ACTOR_ONE_OF);
      if (actor.get("user") != null) {
        Map<?, ?> user = object(v, actor, "user");
        if (user != null) {
          oneOf(v, "actor.user", user, List.of("account", "name", "uid"));
          if (user.get("type_id") != null) {
            inEnum(v, "actor.user.type_id", user.get("type_id"), USER_TYPE_IDS);
          }
          if (user.get("groups") instanceof List<?> groups) {
            for (Object g : groups) {
              if (!(g instanceof Map<?, ?> group)) {
                v.add("actor.user.groups holds a non-object");
              } else {
                oneOf(v, "actor.user.groups[]", group, List.of("name", "uid"));
              }
            }
          }
        }
      }
    }
    for (String endpoint : List.of("src_endpoint", "dst_endpoint")) {
      if (e.get(endpoint) != null) {
        Map<?, ?> ep = object(v, e, endpoint);
        if (ep != null) {
          oneOf(v, endpoint, ep, ENDPOINT_ONE_OF);
        }
      }
    }
    if (e.get("database") != null) {
      Map<?, ?> db = object(v, e, "database");
      if (db != null) {
        requireAll(v, "database", db, List.of("type_id"));
        inEnum(v, "database.type_id", db.get("type_id"), DATABASE_TYPE_IDS);
        oneOf(v, "database", db, List.of("name", "uid"));
      }
    }
    if (e.get("query_info") != null) {
      Map<?, ?> q = object(v, e, "query_info");
      if (q != null) {
        requireAll(v, "query_info", q, List.of("query_string"));
        oneOf(v, "query_info", q, List.of("name", "uid"));
      }
    }
    return v;
  }

  private static boolean absent(Object value) {
    // an empty string or object names nothing: it does not satisfy a requirement
    return value == null
        || (value instanceof String s && s.isBlank())
        || (value instanceof Map<?, ?> m && m.isEmpty());
  }

  private static Map<?, ?> object(List<String> v, Map<?, ?> parent, String key) {
    Object value = parent.get(key);
    if (value instanceof Map<?, ?> m) {
      return m;
    }
    if (value != null) {
      v.add(key + " is not an object");
    }
    return null;
  }

  private static void requireAll(
      List<String> v, String where, Map<?, ?> object, List<String> keys) {
    for (String k : keys) {
      if (absent(object.get(k))) {
        v.add("missing required " + where + "." + k);
      }
    }
  }

  private static void oneOf(List<String> v, String where, Map<?, ?> object, List<String> keys) {
    if (keys.stream().allMatch(k -> absent(object.get(k)))) {
      v.add(where + " needs at least one of " + keys);
    }
  }

  private static void expect(List<String> v, String key, Object actual, Object expected) {
    if (!expected.equals(actual)) {
      v.add(key + " is " + actual + ", expected " + expected);
    }
  }

  private static void inEnum(List<String> v, String key, Object actual, Set<Long> allowed) {
    if (!(actual instanceof Long l) || !allowed.contains(l)) {
      v.add(key + " " + actual + " is not one of " + allowed);
    }
  }

  /** A realistic mix of what the driver records, synthetic identities only. */
  private List<AuditRecord> mixedRecords() throws Exception {
    AuditIdentity clinician =
        new AuditIdentity(
            "dr.lee@example.org",
            PrincipalType.HUMAN,
            List.of("clinicians"),
            List.of(),
            true,
            "token");
    AuditIdentity agent =
        new AuditIdentity(
            "claude-agent",
            PrincipalType.AGENT,
            List.of("agents", "analysts"),
            List.of("dr.lee@example.org", "ward-7-lead@example.org"),
            false,
            "scope");
    AuditIdentity service = AuditIdentity.of("etl-service", PrincipalType.SERVICE, true, "token");
    AuditIdentity nobody = AuditIdentity.of("", PrincipalType.UNKNOWN, false, "none");
    Path file = dir.resolve("mixed.jsonl");
    try (AuditJournal journal = AuditJournal.open(TestRecords.options(file, clock).build())) {
      journal.append(decision(clinician, StatementClass.READ, AuditDecision.ALLOW, "1"));
      journal.append(outcome("1").rows(3L).durationMicros(840L).build());
      journal.append(decision(agent, StatementClass.READ, AuditDecision.MASK, "2"));
      journal.append(outcome("2").rows(12L).durationMicros(2_300L).build());
      journal.append(decision(agent, StatementClass.WRITE, AuditDecision.DENY, "3"));
      journal.append(decision(service, StatementClass.WRITE, AuditDecision.ALLOW, "4"));
      journal.append(
          outcome("4")
              .sqlState("23505")
              .message("duplicate key value violates unique constraint (value removed)")
              .build());
      journal.append(decision(clinician, StatementClass.DDL, AuditDecision.NEEDS_APPROVAL, "5"));
      journal.append(decision(service, StatementClass.ROLE, AuditDecision.DENY, "6"));
      journal.append(decision(nobody, StatementClass.FUNCTION, AuditDecision.DENY, "7"));
      // a statement the normalizer could not fingerprint, on an in-memory database
      journal.append(
          AuditRecord.builder(RecordKind.DECISION, clock.instant())
              .identity(agent)
              .datasource("jdbc:h2:mem:ward")
              .statementClass(StatementClass.MISC)
              .normalizedSql("SET search_path = ?")
              .decision(AuditDecision.DENY)
              .rule("session-change")
              .decisionId("8")
              .build());
      journal.append(outcome("9").sqlState("57014").message("canceled").build());
    }
    return Files.readAllLines(file).stream().map(AuditRecordCodec::parse).toList();
  }

  private AuditRecord decision(
      AuditIdentity who, StatementClass what, AuditDecision verdict, String id) {
    return AuditRecord.builder(RecordKind.DECISION, clock.instant())
        .identity(who)
        .datasource("jdbc:postgresql://db.example.org:5432/ehr")
        .dbUser("app")
        .statementClass(what)
        .normalizedSql("SELECT full_name, ssn FROM patients WHERE id = ?")
        .fingerprint("fp-" + id)
        .tables(List.of("public.patients"))
        .maskedColumns(verdict == AuditDecision.MASK ? List.of("public.patients.ssn") : List.of())
        .decision(verdict)
        // the driver records an allowed statement's rule as empty
        .rule(verdict == AuditDecision.ALLOW ? "" : "protect:patients.ssn")
        .policyVersion("sha256:0f3e5d7c9b1a")
        .decisionId(id)
        .build();
  }

  private AuditRecord.Builder outcome(String id) {
    return AuditRecord.builder(RecordKind.OUTCOME, clock.instant()).decisionId(id);
  }

  @Test
  void everyExportedRecordOfAMixedTrailValidatesAgainstClass6005() throws Exception {
    List<AuditRecord> records = mixedRecords();
    StringBuilder out = new StringBuilder();
    long exported = OcsfExport.export(records.iterator(), out);

    // 12 decisions and outcomes; checkpoints (every 4 records and at close) are not events
    assertThat(records).filteredOn(r -> r.kind() == RecordKind.CHECKPOINT).hasSize(3);
    assertThat(records).hasSize(15);
    assertThat(exported).isEqualTo(12);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(12);
    for (String line : lines) {
      Map<?, ?> event = (Map<?, ?>) Json.parse(line);
      assertThat(violations(event)).as(line).isEmpty();
      // no dangling labels where a record has no rule (allowed statements)
      assertThat(line).doesNotContain("(rule )", "by rule \"");
    }
    assertThat(out.toString()).doesNotContain("900-11-", "Avery");
  }

  @Test
  void theValidatorRejectsWhatTheSchemaRefuses() throws Exception {
    String good = OcsfExport.toOcsf(mixedRecords().get(0)).orElseThrow();
    assertThat(violations((Map<?, ?>) Json.parse(good))).isEmpty();

    assertThat(violations(parse(good.replace("\"vendor_name\":\"PhiGuard\"", "\"x\":1"))))
        .contains("missing required metadata.product.vendor_name");
    assertThat(violations(parse(good.replace("\"type_uid\":600504", "\"type_uid\":600500"))))
        .contains("type_uid is 600500, expected 600504");
    assertThat(violations(parse(good.replace("\"activity_id\":4", "\"activity_id\":11"))))
        .anyMatch(s -> s.startsWith("activity_id 11 is not one of"));
    assertThat(violations(parse(good.replace("\"svc_name\":\"phiguard\",\"uid\"", "\"x\""))))
        .anyMatch(s -> s.startsWith("src_endpoint needs at least one of"));
    assertThat(violations(parse(good.replace("\"database\":", "\"db\":"))))
        .anyMatch(s -> s.startsWith("event needs at least one of [database"));
  }

  private static Map<?, ?> parse(String json) {
    return (Map<?, ?>) Json.parse(json);
  }
}
