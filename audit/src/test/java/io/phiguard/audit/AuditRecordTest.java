package io.phiguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRecordTest {
  private static final String CANARY_SSN = "987-65-4329";
  private static final String CANARY_NAME = "Zebulon Quibbleworth";

  @TempDir Path dir;
  private final TestRecords.MutableClock clock = TestRecords.MutableClock.start();

  @Test
  void aRecordHasNoFieldForRawSqlParametersOrResultData() {
    List<String> fields =
        Arrays.stream(AuditRecord.class.getDeclaredFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .map(Field::getName)
            .toList();
    // the complete list: a new field must be added here, consciously
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "kind",
            "time",
            "writerId",
            "seq",
            "prevHash",
            "hash",
            "identity",
            "datasource",
            "dbUser",
            "statementClass",
            "normalizedSql",
            "fingerprint",
            "tables",
            "maskedColumns",
            "decision",
            "rule",
            "policyVersion",
            "approvalId",
            "approvers",
            "rows",
            "durationMicros",
            "sqlState",
            "message",
            "decisionId",
            "coveredSeq",
            "coveredHash",
            "keyId",
            "signature");
    Pattern suspicious =
        Pattern.compile("(?i).*(raw|param|bind|value|result|rowdata|literal|payload).*");
    assertThat(fields).noneMatch(f -> suspicious.matcher(f).matches());
    assertThat(
            Arrays.stream(AuditRecord.Builder.class.getDeclaredMethods())
                .map(m -> m.getName().toLowerCase(Locale.ROOT)))
        .noneMatch(n -> n.contains("param") || n.contains("bind") || n.equals("sql"));
    assertThat(
            Arrays.stream(AuditIdentity.class.getDeclaredFields())
                .map(f -> f.getName().toLowerCase(Locale.ROOT)))
        .noneMatch(n -> n.contains("token") || n.contains("password"));
  }

  /** What the driver does before it audits: literals become placeholders. */
  private static String normalizeLikeTheCaller(String sql) {
    return sql.replaceAll("'(?:[^']|'')*'", "?").replaceAll("\\b\\d+\\b", "?");
  }

  @Test
  void aCanaryOnlyInTheRawSqlNeverReachesTheJournal() throws Exception {
    String raw =
        "SELECT name FROM patients WHERE ssn = '"
            + CANARY_SSN
            + "' AND name = '"
            + CANARY_NAME
            + "' AND id = 4711";
    Path file = dir.resolve("j.jsonl");
    try (AuditJournal journal = AuditJournal.open(TestRecords.options(file, clock).build())) {
      AuditRecord decision =
          journal.append(
              AuditRecord.builder(RecordKind.DECISION, clock.instant())
                  .identity(TestRecords.alice())
                  .normalizedSql(normalizeLikeTheCaller(raw))
                  .statementClass(StatementClass.READ)
                  .decisionId("d-1")
                  .build());
      assertThat(decision.normalizedSql())
          .isEqualTo("SELECT name FROM patients WHERE ssn = ? AND name = ? AND id = ?");
      assertThat(decision.toString()).doesNotContain("patients");
    }
    byte[] journal = Files.readAllBytes(file);
    byte[] sidecar = Files.readAllBytes(AuditJournal.checkpointFileOf(file));
    for (String canary : List.of(CANARY_SSN, CANARY_NAME, "4711")) {
      for (String encoded : encodings(canary)) {
        assertThat(new String(journal, StandardCharsets.ISO_8859_1))
            .as("encoding %s", encoded)
            .doesNotContain(encoded);
        assertThat(new String(sidecar, StandardCharsets.ISO_8859_1)).doesNotContain(encoded);
      }
    }
  }

  private static List<String> encodings(String canary) {
    byte[] utf8 = canary.getBytes(StandardCharsets.UTF_8);
    return List.of(
        canary,
        canary.replace("-", ""),
        canary.toUpperCase(Locale.ROOT),
        canary.toLowerCase(Locale.ROOT),
        Base64.getEncoder().encodeToString(utf8).replace("=", ""),
        HexFormat.of().formatHex(utf8));
  }

  @Test
  void datasourceUrlsLoseTheirCredentials() {
    assertThat(
            DatasourceUrls.withoutCredentials(
                "jdbc:postgresql://db:5432/ehr?user=app&password=hunter2&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/ehr?ssl=true");
    assertThat(
            DatasourceUrls.withoutCredentials("jdbc:postgresql://db/ehr?password=hunter2&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/ehr?ssl=true");
    assertThat(DatasourceUrls.withoutCredentials("jdbc:mysql://app:hunter2@db:3306/ehr"))
        .isEqualTo("jdbc:mysql://db:3306/ehr");
    assertThat(
            DatasourceUrls.withoutCredentials(
                "jdbc:h2:file:/data/ehr;USER=sa;PASSWORD=hunter2;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:file:/data/ehr;MODE=PostgreSQL");
    assertThat(
            DatasourceUrls.withoutCredentials(
                "jdbc:sqlserver://db;databaseName=ehr;sslPassword=x;accessToken=y"))
        .isEqualTo("jdbc:sqlserver://db;databaseName=ehr");
    assertThat(DatasourceUrls.withoutCredentials("jdbc:postgresql://db/ehr?password=hunter2"))
        .isEqualTo("jdbc:postgresql://db/ehr");
    AuditRecord r = TestRecords.decision(clock, 1);
    assertThat(AuditRecordCodec.toJson(r)).doesNotContain("hunter2").doesNotContain("user=app");
  }

  @Test
  void theCanonicalEncodingRoundTripsAndIsDeterministic() {
    AuditRecord r =
        TestRecords.decision(clock, 1).toBuilder()
            .message("line\nbreak \"quoted\" \\ tab\t \u2028 \uD83D\uDE00 lone \uD800 é")
            .approval("appr-1", List.of("carol", "dave"))
            .build()
            .chained("w-1", 1, HashChain.GENESIS);
    String line = AuditRecordCodec.toJson(r);
    assertThat(line).doesNotContain("\n").doesNotContain("\u2028");
    AuditRecord back = AuditRecordCodec.parse(line);
    assertThat(AuditRecordCodec.toJson(back)).isEqualTo(line);
    assertThat(back.message()).isEqualTo(r.message());
    assertThat(back.identity()).isEqualTo(r.identity());
    assertThat(HashChain.hash(back)).isEqualTo(r.hash());
    // keys sorted, no whitespace
    assertThat(line).startsWith("{\"approval_id\":\"appr-1\",\"approvers\":[\"carol\",\"dave\"],");
  }

  @Test
  void theParserRefusesUnknownMembersFloatsAndDuplicatesWithoutQuotingTheLine() {
    assertThatThrownBy(
            () ->
                AuditRecordCodec.parse(
                    "{\"kind\":\"DECISION\",\"time\":\"2026-03-01T10:00:00Z\","
                        + "\"params\":[\"987-65-4329\"]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown member params")
        .hasMessageNotContaining("987");
    assertThatThrownBy(
            () -> AuditRecordCodec.parse("{\"kind\":\"DECISION\",\"time\":\"x\",\"rows\":1.5}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditRecordCodec.parse("{\"kind\":\"A\",\"kind\":\"B\"}"))
        .hasMessageContaining("duplicate");
  }

  @Test
  void toStringNamesTheRecordOnly() {
    AuditRecord r = TestRecords.decision(clock, 1);
    assertThat(r.toString())
        .doesNotContain("alice")
        .doesNotContain("SELECT")
        .doesNotContain("ehr")
        .contains("DECISION");
    assertThat(TestRecords.alice().toString()).doesNotContain("alice").doesNotContain("bob");
  }
}
