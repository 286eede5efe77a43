package io.phiguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Required attributes of OCSF class 6005 (Datastore Activity, extends Application Activity and the
 * base event), per ocsf-schema {@code events/base_event.json}, {@code
 * events/application/datastore_activity.json} and the objects they use.
 */
class OcsfExportTest {
  @TempDir Path dir;
  private final TestRecords.MutableClock clock = TestRecords.MutableClock.start();

  private static Map<?, ?> parse(String json) {
    return (Map<?, ?>) Json.parse(json);
  }

  private static Object at(Map<?, ?> event, String path) {
    Object v = event;
    for (String part : path.split("\\.")) {
      v = v instanceof Map<?, ?> m ? m.get(part) : null;
    }
    return v;
  }

  private static void assertRequiredFieldsOf6005(Map<?, ?> e) {
    // base event
    for (String required :
        List.of(
            "activity_id",
            "category_uid",
            "class_uid",
            "type_uid",
            "time",
            "severity_id",
            "metadata.version",
            "metadata.product.name",
            "metadata.product.vendor_name",
            // datastore activity
            "actor",
            "src_endpoint")) {
      assertThat(at(e, required)).as(required).isNotNull();
    }
    assertThat(e.get("class_uid")).isEqualTo(6005L);
    assertThat(e.get("category_uid")).isEqualTo(6L);
    assertThat(e.get("type_uid")).isEqualTo(6005L * 100 + (Long) e.get("activity_id"));
    assertThat(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 99L))
        .contains((Long) e.get("activity_id"));
    // constraint: at least one of database, databucket, table
    assertThat(List.of("database", "databucket", "table")).anyMatch(k -> e.get(k) != null);
    assertThat(at(e, "database.type_id")).isNotNull();
    assertThat(at(e, "database.type")).isNotNull();
    // actor: at least one of its identifying members; user: name or uid
    assertThat(List.of("user", "app_name", "process", "session"))
        .anyMatch(k -> at(e, "actor." + k) != null);
    // network endpoint: at least one of its identifying members
    assertThat(List.of("ip", "uid", "name", "hostname", "svc_name", "instance_uid"))
        .anyMatch(k -> at(e, "src_endpoint." + k) != null);
    if (e.get("query_info") != null) {
      assertThat(at(e, "query_info.query_string")).isNotNull();
    }
  }

  @Test
  void decisionsAndOutcomesCarryEveryRequiredFieldOfClass6005() throws Exception {
    Path file = dir.resolve("j.jsonl");
    try (AuditJournal journal = AuditJournal.open(TestRecords.options(file, clock).build())) {
      journal.append(TestRecords.decision(clock, 1));
      journal.append(TestRecords.outcome(clock, 1));
      journal.append(
          TestRecords.decision(clock, 2).toBuilder()
              .decision(AuditDecision.DENY)
              .statementClass(StatementClass.DDL)
              .build());
      journal.append(
          TestRecords.outcome(clock, 3).toBuilder()
              .sqlState("23505")
              .message("duplicate key value violates unique constraint (redacted)")
              .build());
    }
    List<AuditRecord> records =
        Files.readAllLines(file).stream().map(AuditRecordCodec::parse).toList();
    StringBuilder out = new StringBuilder();
    long n = OcsfExport.export(records.iterator(), out);
    assertThat(n).isEqualTo(4); // the closing checkpoint is not a datastore activity
    List<Map<?, ?>> events = out.toString().lines().map(OcsfExportTest::parse).toList();
    events.forEach(OcsfExportTest::assertRequiredFieldsOf6005);

    Map<?, ?> query = events.get(0);
    assertThat(query.get("activity_id")).isEqualTo(4L);
    assertThat(query.get("type_uid")).isEqualTo(600504L);
    assertThat(query.get("time")).isEqualTo(clock.instant().toEpochMilli());
    assertThat(at(query, "actor.user.name")).isEqualTo("alice@example.org");
    assertThat(at(query, "query_info.query_string"))
        .isEqualTo("SELECT name, ssn FROM patients WHERE id = ?");
    assertThat(at(query, "dst_endpoint.hostname")).isEqualTo("db");
    assertThat(at(query, "dst_endpoint.port")).isEqualTo(5432L);
    assertThat(at(query, "unmapped.phiguard.masked_columns"))
        .isEqualTo(List.of("public.patients.ssn"));
    assertThat(at(query, "unmapped.phiguard.identity.on_behalf_of"))
        .isEqualTo(List.of("dr.bob@example.org"));
    assertThat(at(query, "status_id")).isEqualTo(1L);

    Map<?, ?> denied = events.get(2);
    assertThat(denied.get("activity_id")).isEqualTo(99L);
    assertThat(denied.get("status_id")).isEqualTo(2L);
    assertThat(at(denied, "status_detail")).isEqualTo("denied by rule mask-ssn");

    Map<?, ?> failed = events.get(3);
    assertThat(failed.get("status_code")).isEqualTo("23505");
    assertThat(failed.get("status_id")).isEqualTo(2L);
    assertThat(failed.get("duration")).isEqualTo(1L);
    assertThat(out.toString()).doesNotContain("hunter2");
  }
}
