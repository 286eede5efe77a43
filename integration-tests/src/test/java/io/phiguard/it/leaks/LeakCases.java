package io.phiguard.it.leaks;

import static io.phiguard.it.leaks.LeakCase.Expect.DENIED;
import static io.phiguard.it.leaks.LeakCase.Expect.ERROR;
import static io.phiguard.it.leaks.LeakCase.Expect.MASKED;
import static io.phiguard.it.leaks.LeakCase.denied;
import static io.phiguard.it.leaks.LeakCase.error;
import static io.phiguard.it.leaks.LeakCase.masked;
import static io.phiguard.it.leaks.LeakCase.oracle;

import io.phiguard.it.leaks.LeakCase.Run;
import io.phiguard.testkit.TestDatabases.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The adversarial statements, by database. {@code {db}} stands for the test database's name. Each
 * carries the outcome observed and accepted for it; see {@link LeakSuiteIT}.
 */
final class LeakCases {
  private static final String SSN = Canaries.ZEBULON.ssn();

  private LeakCases() {}

  /**
   * Outcomes that differ by database for the same text, "KIND:case" → outcome; each is safe (no
   * canary, no oracle) but says where a database or driver behaves differently.
   */
  static final Map<String, LeakCase.Expect> BY_KIND =
      Map.ofEntries(
          // MySQL/MariaDB table names are case-sensitive on Linux: PATIENTS does not exist
          Map.entry("MARIADB:upper-case-names", ERROR),
          Map.entry("MYSQL:upper-case-names", ERROR),
          // H2 reads a CTE named like a table as the table: PhiGuard refuses the ambiguity there
          Map.entry("H2:cte-shadows-table", DENIED),
          // MySQL's and MariaDB's connectors return the last insert id whatever keys are asked for:
          // the requests run (ORMs insert with RETURN_GENERATED_KEYS) and no canary comes back
          Map.entry("MARIADB:keys-flag-update", MASKED),
          Map.entry("MYSQL:keys-flag-update", MASKED),
          Map.entry("MARIADB:keys-flag-delete", MASKED),
          Map.entry("MYSQL:keys-flag-delete", MASKED),
          Map.entry("MARIADB:keys-flag-insert", MASKED),
          Map.entry("MYSQL:keys-flag-insert", MASKED),
          Map.entry("MARIADB:keys-prepared-update", MASKED),
          Map.entry("MYSQL:keys-prepared-update", MASKED),
          Map.entry("MARIADB:keys-protected-name", MASKED),
          Map.entry("MYSQL:keys-protected-name", MASKED),
          Map.entry("MARIADB:keys-protected-names-mixed", MASKED),
          Map.entry("MYSQL:keys-protected-names-mixed", MASKED),
          Map.entry("MARIADB:keys-protected-index", MASKED),
          Map.entry("MYSQL:keys-protected-index", MASKED));

  // generated keys over a protected table: PhiGuard refuses them (42501) on PostgreSQL and H2
  // before a driver sees the request (pgjdbc would append RETURNING *, UPDATE included)

  /** The outcome recorded for {@code leakCase} on {@code kind}. */
  static LeakCase.Expect expected(Kind kind, LeakCase leakCase) {
    return BY_KIND.getOrDefault(kind + ":" + leakCase.id(), leakCase.expect());
  }

  static List<LeakCase> forKind(Kind kind) {
    List<LeakCase> cases = new ArrayList<>(common());
    cases.addAll(
        switch (kind) {
          case POSTGRESQL -> postgres();
          case MARIADB, MYSQL -> mysql();
          case H2 -> h2();
        });
    return cases;
  }

  /** Portable SQL, the same text on every database. */
  static List<LeakCase> common() {
    return List.of(
        // aliases, quoting, case, star
        masked("star", "SELECT * FROM patients"),
        masked("alias-star", "SELECT p.* FROM patients p"),
        masked("upper-case-names", "SELECT P.SSN, p.Full_Name, P.EMAIL FROM PATIENTS P"),
        masked("swapped-labels", "SELECT ssn AS id, id AS ssn, full_name AS ward FROM patients"),
        masked("derived-star", "SELECT x.* FROM (SELECT * FROM patients) x"),
        masked("table-qualified", "SELECT patients.ssn, patients.mrn FROM patients"),
        masked("alias-named-like-column", "SELECT ward.ssn FROM patients ward"),
        masked(
            "self-join", "SELECT a.ssn, b.full_name FROM patients a, patients b WHERE a.id = b.id"),
        masked("cross-join", "SELECT t.ssn, v.reason FROM patients t CROSS JOIN visits v"),
        masked("left-join", "SELECT * FROM visits v LEFT JOIN patients p ON p.id = v.patient_id"),
        masked("join-using", "SELECT * FROM patients JOIN visits USING (id)"),
        masked("natural-join", "SELECT * FROM patients NATURAL JOIN visits"),
        masked("distinct", "SELECT DISTINCT ssn, email FROM patients"),
        masked(
            "nested-derived",
            "SELECT b.s FROM (SELECT a.s FROM (SELECT ssn AS s FROM patients) a) b"),
        // expressions, casts, encodings
        masked("lower-upper", "SELECT lower(full_name), upper(email), lower(mrn) FROM patients"),
        masked(
            "substring", "SELECT substring(ssn, 1, 3), substring(full_name, 1, 4) FROM patients"),
        masked("length", "SELECT length(full_name), char_length(email) FROM patients"),
        masked("ascii", "SELECT ascii(ssn), ascii(full_name), ascii(email) FROM patients"),
        masked("position", "SELECT position('-' IN ssn), position('@' IN email) FROM patients"),
        masked("concat", "SELECT concat(ssn, '|', email, '|', mrn, '|', zip) FROM patients"),
        masked("cast-char", "SELECT CAST(ssn AS CHAR(20)), CAST(dob AS CHAR(10)) FROM patients"),
        masked(
            "cast-date-parts",
            "SELECT EXTRACT(MONTH FROM dob), EXTRACT(DAY FROM dob) FROM patients"),
        masked("replace-trim", "SELECT replace(ssn, '-', ''), trim(full_name) FROM patients"),
        masked("coalesce", "SELECT coalesce(ssn, full_name), nullif(email, 'x') FROM patients"),
        masked("case-projection", "SELECT CASE WHEN id = 1 THEN ssn ELSE email END FROM patients"),
        masked("arithmetic-on-zip", "SELECT CAST(zip AS INT) + 1 FROM patients WHERE id = 1"),
        // aggregates
        masked(
            "min-max",
            "SELECT max(ssn), min(full_name), max(email), min(dob), max(zip) FROM patients"),
        masked("count-distinct", "SELECT count(DISTINCT ssn), count(email) FROM patients"),
        // subqueries, CTEs, set operations
        masked("scalar-subquery", "SELECT (SELECT ssn FROM patients WHERE id = 1) AS s"),
        masked(
            "correlated-subquery",
            "SELECT v.reason, (SELECT p.full_name FROM patients p WHERE p.id = v.patient_id) FROM"
                + " visits v"),
        masked("cte", "WITH c AS (SELECT ssn, email FROM patients) SELECT * FROM c"),
        masked(
            "recursive-cte",
            "WITH RECURSIVE r (n, s) AS (SELECT 1, ssn FROM patients WHERE id = 1 UNION ALL"
                + " SELECT n + 1, s FROM r WHERE n < 3) SELECT * FROM r"),
        masked(
            "cte-join",
            "WITH c AS (SELECT * FROM patients) SELECT c.ssn, visits.reason FROM c JOIN visits ON"
                + " visits.patient_id = c.id"),
        masked("union", "SELECT full_name FROM patients UNION SELECT reason FROM visits"),
        masked("union-all-star", "SELECT * FROM patients UNION ALL SELECT * FROM patients"),
        masked("intersect", "SELECT ssn FROM patients INTERSECT SELECT ssn FROM patients"),
        masked("except", "SELECT email FROM patients EXCEPT SELECT reason FROM visits"),
        masked(
            "cte-shadows-table", "WITH patients AS (SELECT 'x' AS ssn) SELECT ssn FROM patients"),
        masked(
            "in-subquery-unprotected",
            "SELECT id FROM visits WHERE patient_id IN (SELECT id FROM patients)"),
        denied(
            "exists-oracle",
            "SELECT id FROM visits WHERE EXISTS (SELECT 1 FROM patients WHERE ssn LIKE '9%')"),
        // predicate and ordering oracles
        oracle("where-equals", DENIED, "SELECT id FROM patients WHERE ssn = '{v}'", SSN),
        denied("where-like", "SELECT id FROM patients WHERE ssn LIKE '912%'"),
        denied("where-less", "SELECT id FROM patients WHERE full_name < 'M'"),
        denied(
            "where-between",
            "SELECT id FROM patients WHERE dob BETWEEN DATE '1937-01-01' AND DATE '1937-12-31'"),
        denied("where-in", "SELECT id FROM patients WHERE zip IN ('60657', '83714')"),
        denied("where-is-null", "SELECT id FROM patients WHERE ssn IS NOT NULL"),
        denied("where-length", "SELECT id FROM patients WHERE length(ssn) > 3"),
        denied("where-substring", "SELECT id FROM patients WHERE substring(ssn, 1, 1) = '9'"),
        denied("where-email", "SELECT id FROM patients WHERE email LIKE 'zq%'"),
        denied("where-mrn", "SELECT id FROM patients WHERE mrn = 'MRN-58213947'"),
        denied(
            "where-in-subquery",
            "SELECT id FROM patients WHERE ssn IN (SELECT reason FROM visits)"),
        denied(
            "where-cast-dob",
            "SELECT id FROM patients WHERE CAST(dob AS CHAR(10)) LIKE '1937-08%'"),
        denied("order-by", "SELECT id FROM patients ORDER BY full_name"),
        denied("order-by-expression", "SELECT id FROM patients ORDER BY lower(full_name)"),
        denied("order-by-position", "SELECT id, ssn FROM patients ORDER BY 2"),
        denied("order-by-limit", "SELECT id FROM patients ORDER BY ssn DESC LIMIT 1"),
        denied("group-by", "SELECT count(*) FROM patients GROUP BY dob"),
        denied(
            "group-by-expression", "SELECT count(*) FROM patients GROUP BY substring(ssn, 1, 3)"),
        denied("having", "SELECT min(id) FROM patients GROUP BY id HAVING max(ssn) > '5'"),
        denied("window-order", "SELECT id, row_number() OVER (ORDER BY ssn) FROM patients"),
        denied("window-partition", "SELECT id, count(*) OVER (PARTITION BY zip) FROM patients"),
        denied("join-on", "SELECT v.id FROM visits v JOIN patients p ON p.ssn = v.reason"),
        denied(
            "correlated-where",
            "SELECT id FROM patients p WHERE EXISTS (SELECT 1 FROM visits v WHERE v.reason ="
                + " p.full_name)"),
        denied(
            "derived-join-on",
            "SELECT x.id FROM (SELECT id, ssn AS k FROM patients) x JOIN visits v ON v.reason ="
                + " x.k"),
        oracle(
            "case-when-projection",
            MASKED,
            "SELECT CASE WHEN ssn = '{v}' THEN 'hit' ELSE 'miss' END AS probe FROM patients WHERE"
                + " id = 1",
            SSN),
        oracle(
            "sum-case-projection",
            MASKED,
            "SELECT sum(CASE WHEN ssn = '{v}' THEN 1 ELSE 0 END) AS hits FROM patients",
            SSN),
        oracle(
            "case-like-projection",
            MASKED,
            "SELECT CASE WHEN full_name LIKE 'Zeb%' THEN '{v}' ELSE 'miss' END FROM patients WHERE"
                + " id = 1",
            SSN),
        oracle(
            "count-filter-via-case",
            MASKED,
            "SELECT count(CASE WHEN ssn = '{v}' THEN 1 END) FROM patients",
            SSN),
        // DML oracles and sinks
        denied("update-where-oracle", "UPDATE patients SET ward = 'x' WHERE ssn LIKE '912%'"),
        denied("delete-where-oracle", "DELETE FROM patients WHERE ssn = '912-73-4865'"),
        denied(
            "delete-subquery-oracle",
            "DELETE FROM visits WHERE patient_id IN (SELECT id FROM patients WHERE ssn LIKE"
                + " '912%')"),
        denied(
            "insert-select",
            "INSERT INTO visits (id, patient_id, reason) SELECT id + 100, id, ssn FROM patients"),
        denied(
            "update-from-subquery",
            "UPDATE visits SET reason = (SELECT ssn FROM patients WHERE id = 1)"),
        denied("update-copy-column", "UPDATE patients SET ward = ssn"),
        denied("update-concat", "UPDATE patients SET ward = concat(ward, full_name) WHERE id = 1"),
        denied(
            "update-case-oracle",
            "UPDATE patients SET ward = CASE WHEN ssn LIKE '912%' THEN 'hit' ELSE 'miss' END"
                + " WHERE id = 1"),
        denied("update-protected", "UPDATE patients SET ssn = 'x' WHERE id = 1"),
        denied("insert-protected", "INSERT INTO patients (id, ssn) VALUES (50, '000-00-0000')"),
        denied(
            "insert-select-into-protected",
            "INSERT INTO patients (id, ward) SELECT id + 10, ssn FROM patients"),
        denied("create-table-as", "CREATE TABLE leak_copy AS SELECT * FROM patients"),
        denied(
            "update-correlated",
            "UPDATE visits SET reason = (SELECT p.email FROM patients p WHERE p.id ="
                + " visits.patient_id)"),
        // views created by the raw driver
        denied("view-star", "SELECT * FROM pv"),
        denied("view-renamed", "SELECT tax_id FROM pv_renamed"),
        denied("view-count", "SELECT count(*) FROM pv"),
        denied("view-join", "SELECT v.* FROM visits JOIN pv v ON v.id = visits.patient_id"),
        denied("view-union", "SELECT ssn FROM patients UNION SELECT ssn FROM pv"),
        denied("create-view", "CREATE VIEW leak_view AS SELECT ssn FROM patients"),
        // prepared statements and batches
        masked("prepared-by-id", "SELECT ssn, full_name FROM patients WHERE id = ?")
            .as(Run.PREPARED, 1),
        denied("prepared-oracle", "SELECT id FROM patients WHERE ssn = ?").as(Run.PREPARED, SSN),
        masked("prepared-concat", "SELECT concat(?, ssn) FROM patients").as(Run.PREPARED, "x"),
        masked("prepared-in", "SELECT * FROM patients WHERE id IN (?, ?)").as(Run.PREPARED, 1, 2),
        denied(
                "prepared-insert-select",
                "INSERT INTO visits (id, patient_id, reason) SELECT ?, id, ssn FROM patients WHERE id"
                    + " = 1")
            .as(Run.PREPARED, 900),
        denied(
                "batch-with-copy",
                "UPDATE visits SET reason = 'a' WHERE id = 10\n@@\nUPDATE visits SET reason = (SELECT"
                    + " ssn FROM patients WHERE id = 1) WHERE id = 10")
            .as(Run.BATCH),
        denied(
                "batch-oracle",
                "UPDATE visits SET reason = 'b' WHERE id = 10\n@@\nDELETE FROM patients WHERE ssn LIKE"
                    + " '9%'")
            .as(Run.BATCH),
        denied("prepared-batch-copy", "UPDATE patients SET ward = ssn WHERE id = ?")
            .as(Run.PREPARED_BATCH, 1, 2),
        // generated keys
        denied("keys-flag-update", "UPDATE patients SET ward = ward WHERE id = 1")
            .as(Run.KEYS_FLAG),
        denied("keys-flag-delete", "DELETE FROM patients WHERE id = 1").as(Run.KEYS_FLAG),
        denied("keys-flag-insert", "INSERT INTO patients (id, ward) VALUES (60, 'n')")
            .as(Run.KEYS_FLAG),
        denied("keys-prepared-update", "UPDATE patients SET ward = ward WHERE id = 2")
            .as(Run.PREPARED_KEYS),
        denied("keys-protected-name", "UPDATE patients SET ward = ward WHERE id = 1").keys("ssn"),
        denied("keys-protected-names-mixed", "UPDATE patients SET ward = ward WHERE id = 1")
            .keys("id", "full_name"),
        denied("keys-protected-index", "UPDATE patients SET ward = ward WHERE id = 1").keys(4),
        // multi-statement strings and comment tricks
        masked("comment-inside", "SELECT ssn /* , 'x' */ FROM patients"),
        masked("line-comment-newline", "SELECT id -- ,ssn\n, full_name FROM patients"),
        masked("commented-semicolon", "SELECT 1 AS one /* ; SELECT ssn FROM patients */"),
        denied("multi-statement-copy", "SELECT 1 AS one; UPDATE patients SET ward = ssn"),
        denied(
            "multi-statement-oracle",
            "SELECT id FROM visits; SELECT id FROM patients WHERE ssn LIKE '9%'"),
        denied("unparseable", "SELEKT ssn FRUM patients"));
  }

  static List<LeakCase> postgres() {
    return List.of(
        masked("pg-quoted", "SELECT \"ssn\", \"full_name\" FROM \"patients\""),
        masked("pg-schema", "SELECT ssn FROM public.patients"),
        masked("pg-schema-quoted", "SELECT p.\"ssn\" FROM \"public\".\"patients\" p"),
        masked("pg-other-schema", "SELECT ssn, full_name FROM s2.patients"),
        masked("pg-table", "TABLE patients"),
        denied("pg-only", "SELECT * FROM ONLY patients"),
        masked("pg-whole-row", "SELECT p FROM patients p"),
        masked("pg-whole-row-table", "SELECT patients FROM patients"),
        masked("pg-whole-row-text", "SELECT p::text, (p).ssn FROM patients p"),
        masked("pg-row-to-json", "SELECT row_to_json(p) FROM patients p"),
        masked("pg-to-jsonb", "SELECT to_jsonb(p), to_json(p.*) FROM patients p"),
        masked("pg-json-agg", "SELECT json_agg(p), jsonb_agg(p.ssn) FROM patients p"),
        masked("pg-json-build", "SELECT json_build_object('s', ssn, 'n', full_name) FROM patients"),
        masked(
            "pg-string-agg",
            "SELECT string_agg(ssn, ','), string_agg(full_name, ';') FROM patients"),
        masked("pg-array-agg", "SELECT array_agg(ssn), array_agg(p) FROM patients p"),
        masked("pg-array-literal", "SELECT ARRAY[ssn, full_name, email] FROM patients"),
        masked("pg-unnest", "SELECT unnest(ARRAY[ssn, mrn]) FROM patients"),
        denied(
            "pg-jsonb-each", "SELECT j.* FROM patients p, LATERAL jsonb_each_text(to_jsonb(p)) j"),
        masked(
            "pg-lateral",
            "SELECT v.id, l.s FROM visits v CROSS JOIN LATERAL (SELECT ssn AS s FROM patients p"
                + " WHERE p.id = v.patient_id) l"),
        masked("pg-reverse", "SELECT reverse(ssn), reverse(full_name) FROM patients"),
        masked("pg-md5", "SELECT md5(ssn), md5(full_name), md5(email) FROM patients"),
        masked(
            "pg-sha256",
            "SELECT sha256(convert_to(ssn, 'UTF8')), sha224(convert_to(mrn, 'UTF8')) FROM patients"),
        masked(
            "pg-encode",
            "SELECT encode(convert_to(ssn, 'UTF8'), 'hex'), encode(convert_to(full_name, 'UTF8'),"
                + " 'base64') FROM patients"),
        masked("pg-bytea", "SELECT convert_to(email, 'UTF8'), ssn::bytea FROM patients"),
        masked("pg-regexp", "SELECT regexp_replace(ssn, '[^0-9]', '', 'g') FROM patients"),
        masked("pg-translate", "SELECT translate(ssn, '0123456789', 'abcdefghij') FROM patients"),
        masked(
            "pg-to-char-dob",
            "SELECT to_char(dob, 'YYYYMMDD'), dob - DATE '1900-01-01' FROM patients"),
        masked("pg-format", "SELECT format('%s %s %s', ssn, full_name, dob) FROM patients"),
        masked("pg-xml", "SELECT xmlforest(ssn, full_name) FROM patients"),
        masked("pg-casts", "SELECT ssn::text, dob::text, zip::int FROM patients WHERE id = 1"),
        masked("pg-values-subquery", "VALUES ((SELECT ssn FROM patients WHERE id = 1))"),
        masked("pg-for-update", "SELECT * FROM patients FOR UPDATE"),
        masked("pg-tablesample", "SELECT ssn FROM patients TABLESAMPLE SYSTEM (100)"),
        masked(
            "pg-set-config",
            "SELECT set_config('leak.v', ssn, false) FROM patients WHERE id = 1\n@@\nSELECT current_setting('leak.v')"),
        masked("pg-explain", "EXPLAIN SELECT ssn FROM patients"),
        denied("pg-explain-verbose", "EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM patients"),
        denied("pg-dollar-quote", "SELECT $x$ ' $x$ AS a, ssn FROM patients"),
        masked("pg-string-agg-order-id", "SELECT string_agg(ssn, ',' ORDER BY id) FROM patients"),
        masked(
            "pg-string-agg-order-masked",
            "SELECT string_agg(id::text, ',' ORDER BY ssn) FROM patients"),
        denied(
            "pg-within-group",
            "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY ssn) FROM patients"),
        denied("pg-distinct-on", "SELECT DISTINCT ON (ssn) id FROM patients"),
        denied(
            "pg-explain-analyze-oracle",
            "EXPLAIN ANALYZE SELECT id FROM patients WHERE ssn = '912-73-4865'"),
        denied("pg-system-column", "SELECT ctid, xmin, ssn FROM patients"),
        // RETURNING, upsert, writable CTEs
        masked("pg-returning-star", "UPDATE patients SET ward = ward WHERE id = 1 RETURNING *"),
        denied(
            "pg-returning-expr",
            "UPDATE patients SET ward = ward WHERE id = 1 RETURNING lower(ssn), md5(full_name)"),
        denied(
            "pg-returning-whole-row",
            "UPDATE patients SET ward = ward WHERE id = 1 RETURNING patients, row_to_json(patients)"),
        masked("pg-delete-returning", "DELETE FROM patients WHERE id = 2 RETURNING *"),
        masked(
            "pg-upsert-returning",
            "INSERT INTO patients (id, ward) VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET ward ="
                + " excluded.ward RETURNING *"),
        denied(
            "pg-upsert-copy",
            "INSERT INTO patients (id, ward) VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET ward ="
                + " patients.ssn"),
        denied(
            "pg-upsert-oracle",
            "INSERT INTO patients (id, ward) VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET ward ="
                + " 'y' WHERE patients.ssn LIKE '9%'"),
        denied(
            "pg-upsert-subquery",
            "INSERT INTO visits (id, patient_id, reason) VALUES (10, 1, 'x') ON CONFLICT (id) DO"
                + " UPDATE SET reason = (SELECT ssn FROM patients WHERE id = 1)"),
        masked(
            "pg-writable-cte",
            "WITH u AS (UPDATE patients SET ward = ward RETURNING ssn) SELECT * FROM u"),
        denied(
            "pg-writable-cte-copy",
            "WITH d AS (DELETE FROM patients WHERE id = 1 RETURNING *) INSERT INTO visits SELECT"
                + " id + 500, id, ssn FROM d"),
        denied(
            "pg-merge",
            "MERGE INTO visits v USING patients p ON v.patient_id = p.id WHEN MATCHED THEN UPDATE"
                + " SET reason = p.ssn"),
        denied("pg-select-into", "SELECT ssn INTO leak_tab FROM patients"),
        denied("pg-temp-table-as", "CREATE TEMP TABLE leak_tmp AS SELECT * FROM patients"),
        denied("pg-copy-to-file", "COPY (SELECT ssn FROM patients) TO '/tmp/phiguard-leak.csv'"),
        denied("pg-copy-table", "COPY patients TO STDOUT"),
        denied(
            "pg-cursor",
            "DECLARE c CURSOR WITH HOLD FOR SELECT ssn FROM patients\n@@\nFETCH ALL FROM c"),
        denied("pg-prepare", "PREPARE q AS SELECT ssn FROM patients\n@@\nEXECUTE q"),
        denied(
            "pg-do-notice",
            "DO $$ BEGIN RAISE NOTICE '%', (SELECT ssn FROM patients LIMIT 1); END $$"),
        denied("pg-set-search-path", "SET search_path = s2, public"),
        // catalogs, views, functions
        denied("pg-materialized-view", "SELECT * FROM mv"),
        denied(
            "pg-stats",
            "SELECT most_common_vals::text, histogram_bounds::text FROM pg_stats WHERE tablename = 'patients'"),
        denied("pg-statistic", "SELECT * FROM pg_catalog.pg_statistic"),
        denied(
            "pg-query-to-xml", "SELECT query_to_xml('select ssn from patients', true, true, '')"),
        denied(
            "pg-query-to-xml-qualified",
            "SELECT pg_catalog.query_to_xml('select ssn from patients', true, true, '')"),
        denied("pg-table-to-xml", "SELECT table_to_xml('patients', true, false, '')"),
        denied("pg-schema-to-xml", "SELECT schema_to_xml('public', true, false, '')"),
        denied("pg-database-to-xml", "SELECT database_to_xml(true, false, '')"),
        denied(
            "pg-ts-stat",
            "SELECT * FROM ts_stat('SELECT to_tsvector(''simple'', full_name) FROM patients')"),
        denied(
            "pg-dblink",
            "SELECT * FROM dblink('dbname=postgres', 'select ssn from patients') AS t(s text)"),
        denied("pg-read-file", "SELECT pg_read_file('/etc/hostname')"),
        denied("pg-udf", "SELECT leak_ssn(1)"),
        denied("pg-udf-qualified", "SELECT public.leak_ssn(patient_id) FROM visits"),
        denied("pg-udf-set-returning", "SELECT * FROM leak_all()"),
        denied("pg-call-out", "{? = call leak_ssn(?)}").as(Run.CALL_OUT, 1),
        // an inheritance child of patients is protected as patients is
        masked("pg-inheritance-child", "SELECT * FROM patients_child"),
        masked("pg-inheritance-child-columns", "SELECT ssn, full_name, extra FROM patients_child"),
        denied("pg-inheritance-child-oracle", "SELECT id FROM patients_child WHERE ssn LIKE '9%'"),
        masked("pg-inheritance-parent-reads-child-rows", "SELECT ssn FROM patients ORDER BY id"),
        denied("pg-unicode-table", "SELECT ssn FROM U&\"\\0070atients\""),
        // parser / server differentials
        denied("pg-nested-comment", "SELECT 1 AS a /* /* */ , '*/ , ssn FROM patients --' AS b"),
        denied("pg-nested-comment-keyword", "/* /* */ begin */ SELECT ssn FROM patients"),
        denied("pg-escape-string", "SELECT E'a\\'', ssn FROM patients --'"),
        masked("pg-standard-string", "SELECT 'a\\', ssn FROM patients"));
  }

  static List<LeakCase> mysql() {
    return List.of(
        masked("my-backticks", "SELECT `ssn`, `full_name` FROM `patients`"),
        masked("my-db-qualified", "SELECT ssn FROM {db}.patients"),
        masked("my-db-qualified-quoted", "SELECT p.`ssn` FROM `{db}`.`patients` AS p"),
        masked("my-double-quoted-string", "SELECT \"ssn\" FROM patients"),
        masked("my-reverse", "SELECT reverse(ssn), reverse(full_name) FROM patients"),
        masked(
            "my-md5-sha",
            "SELECT md5(ssn), sha1(full_name), sha2(email, 256), sha2(mrn, 512) FROM patients"),
        masked("my-hex-base64", "SELECT hex(ssn), to_base64(full_name), hex(email) FROM patients"),
        masked("my-unhex", "SELECT unhex(hex(ssn)), from_base64(to_base64(email)) FROM patients"),
        masked("my-crc-soundex", "SELECT crc32(ssn), soundex(full_name), ord(ssn) FROM patients"),
        masked(
            "my-group-concat",
            "SELECT group_concat(ssn), group_concat(full_name SEPARATOR ';') FROM patients"),
        masked("my-group-concat-order-id", "SELECT group_concat(ssn ORDER BY id) FROM patients"),
        masked(
            "my-group-concat-order-masked", "SELECT group_concat(id ORDER BY ssn) FROM patients"),
        masked(
            "my-json-arrayagg",
            "SELECT JSON_ARRAYAGG(ssn), JSON_OBJECTAGG(id, full_name) FROM patients"),
        masked(
            "my-json-object",
            "SELECT JSON_OBJECT('s', ssn, 'n', full_name), JSON_ARRAY(email, dob) FROM patients"),
        masked(
            "my-date-format",
            "SELECT date_format(dob, '%Y%m%d'), to_days(dob), month(dob) FROM patients"),
        masked("my-cast-signed", "SELECT CAST(replace(ssn, '-', '') AS SIGNED) FROM patients"),
        denied("my-user-variable", "SELECT @s := ssn FROM patients WHERE id = 1\n@@\nSELECT @s"),
        denied("my-for-update", "SELECT * FROM patients FOR UPDATE"),
        denied("my-lock-in-share-mode", "SELECT ssn FROM patients LOCK IN SHARE MODE"),
        masked(
            "my-values-subquery",
            "SELECT * FROM (SELECT (SELECT ssn FROM patients WHERE id = 1) AS s) x"),
        masked("my-backslash-string", "SELECT 'a\\'', ssn FROM patients -- '"),
        masked("my-explain", "EXPLAIN SELECT ssn FROM patients"),
        oracle(
            "my-field-oracle", MASKED, "SELECT field(ssn, '{v}') FROM patients WHERE id = 1", SSN),
        oracle(
            "my-strcmp-oracle",
            MASKED,
            "SELECT strcmp(ssn, '{v}') FROM patients WHERE id = 1",
            SSN),
        oracle("my-boolean-oracle", MASKED, "SELECT ssn = '{v}' FROM patients WHERE id = 1", SSN),
        oracle(
            "my-if-oracle", MASKED, "SELECT IF(ssn = '{v}', 1, 0) FROM patients WHERE id = 1", SSN),
        oracle(
            "my-analyze-oracle", DENIED, "ANALYZE SELECT id FROM patients WHERE ssn = '{v}'", SSN),
        oracle(
            "my-analyze-json-oracle",
            DENIED,
            "ANALYZE FORMAT=JSON SELECT id FROM patients WHERE ssn = '{v}'",
            SSN),
        denied(
            "my-explain-oracle",
            "EXPLAIN FORMAT=JSON SELECT id FROM patients WHERE ssn = '912-73-4865'"),
        // RETURNING, upsert, copies
        denied(
            "my-delete-returning",
            "DELETE FROM patients WHERE id = 2 RETURNING ssn, full_name, lower(email)"),
        masked(
            "my-insert-returning", "INSERT INTO patients (id, ward) VALUES (70, 'x') RETURNING *"),
        denied(
            "my-upsert-copy",
            "INSERT INTO patients (id, ward) VALUES (1, 'x') ON DUPLICATE KEY UPDATE ward = ssn"),
        denied(
            "my-upsert-subquery",
            "INSERT INTO visits (id, patient_id, reason) VALUES (10, 1, 'x') ON DUPLICATE KEY"
                + " UPDATE reason = (SELECT ssn FROM patients WHERE id = 1)"),
        denied("my-replace-select", "REPLACE INTO visits SELECT id + 700, id, ssn FROM patients"),
        denied("my-create-select", "CREATE TABLE leak2 SELECT ssn FROM patients"),
        denied("my-temporary-table", "CREATE TEMPORARY TABLE leak3 AS SELECT * FROM patients"),
        denied("my-into-outfile", "SELECT ssn FROM patients INTO OUTFILE '/tmp/phiguard-leak.txt'"),
        denied(
            "my-into-dumpfile",
            "SELECT full_name FROM patients LIMIT 1 INTO DUMPFILE '/tmp/phiguard-leak.bin'"),
        denied("my-into-variable", "SELECT ssn INTO @v FROM patients WHERE id = 1\n@@\nSELECT @v"),
        denied("my-load-file", "SELECT load_file('/etc/hostname')"),
        // SHOW forms that print statement text (other sessions' literals) or hide a query
        denied("my-show-processlist", "SHOW PROCESSLIST"),
        denied("my-show-full-processlist", "SHOW FULL PROCESSLIST"),
        denied("my-show-engine-status", "SHOW ENGINE INNODB STATUS"),
        denied("my-show-binlog-events", "SHOW BINLOG EVENTS"),
        denied(
            "my-show-tables-subquery-oracle",
            "SHOW TABLES WHERE (SELECT ssn FROM patients WHERE id = 1) LIKE '1%'"),
        // opaque references and statements the parser does not read
        denied("my-udf", "SELECT leak_ssn(1)"),
        denied("my-udf-qualified", "SELECT {db}.leak_ssn(patient_id) FROM visits"),
        denied("my-call-procedure", "CALL leak_proc()"),
        denied("my-handler", "HANDLER patients OPEN\n@@\nHANDLER patients READ FIRST"),
        denied("my-checksum", "CHECKSUM TABLE patients"),
        denied("my-prepare-string", "PREPARE s FROM 'SELECT ssn FROM patients'\n@@\nEXECUTE s"),
        denied("my-execute-immediate", "EXECUTE IMMEDIATE 'SELECT ssn FROM patients'"),
        denied("my-column-stats", "SELECT * FROM mysql.column_stats"),
        denied("my-procedure-analyse", "SELECT ssn FROM patients PROCEDURE ANALYSE()"),
        denied(
            "my-create-function",
            "CREATE FUNCTION f2() RETURNS VARCHAR(20) READS SQL DATA RETURN (SELECT ssn FROM patients LIMIT 1)"),
        denied(
            "my-create-trigger",
            "CREATE TRIGGER tr BEFORE UPDATE ON patients FOR EACH ROW SET NEW.ward = NEW.ssn"),
        // parser / server differentials
        denied("my-executable-comment", "SELECT 1 /*! , ssn FROM patients */"),
        denied("my-versioned-comment", "SELECT 1 /*!50000 , ssn FROM patients */"),
        denied("my-mariadb-comment", "SELECT 1 /*M! , ssn FROM patients */"),
        denied("my-hash-comment", "SELECT 1 # x\n, ssn FROM patients"),
        denied("my-double-dash", "SELECT 1 --1, ssn FROM patients"),
        denied("my-compound-statement", "BEGIN NOT ATOMIC SELECT ssn FROM patients; END"));
  }

  static List<LeakCase> h2() {
    return List.of(
        masked("h2-quoted-upper", "SELECT \"SSN\", \"FULL_NAME\" FROM \"PATIENTS\""),
        masked("h2-schema", "SELECT ssn FROM PUBLIC.patients"),
        masked("h2-table", "TABLE patients"),
        masked(
            "h2-varbinary",
            "SELECT CAST(ssn AS VARBINARY), CAST(full_name AS VARBINARY) FROM patients"),
        masked(
            "h2-pad-left-right",
            "SELECT LPAD(ssn, 20, '#'), RIGHT(ssn, 6), LEFT(full_name, 3) FROM patients"),
        masked("h2-locate", "SELECT LOCATE('-', ssn), INSTR(email, '@') FROM patients"),
        masked("h2-hash-hex", "SELECT RAWTOHEX(HASH('SHA-1', ssn)) FROM patients"),
        masked("h2-values-subquery", "VALUES ((SELECT ssn FROM patients WHERE id = 1))"),
        masked("h2-row-value", "SELECT ROW(ssn, full_name) FROM patients"),
        masked("h2-explain", "EXPLAIN SELECT ssn FROM patients"),
        oracle(
            "h2-decode-oracle",
            MASKED,
            "SELECT DECODE(ssn, '{v}', 'hit', 'miss') FROM patients WHERE id = 1",
            SSN),
        denied("h2-file-read", "SELECT FILE_READ('/etc/hostname')"),
        masked("h2-keys-id", "UPDATE patients SET ward = ward WHERE id = 1").keys("ID"),
        denied("h2-keys-ssn-upper", "UPDATE patients SET ward = ward WHERE id = 1").keys("SSN"),
        masked(
            "h2-casewhen-soundex",
            "SELECT CASE WHEN SOUNDEX(full_name) = SOUNDEX('Zebulon') THEN 1 ELSE 0 END FROM patients"),
        masked(
            "h2-hash",
            "SELECT HASH('SHA-256', ssn), HASH('MD5', full_name), HASH('SHA-1', email) FROM patients"),
        masked("h2-rawtohex", "SELECT RAWTOHEX(ssn), RAWTOHEX(full_name) FROM patients"),
        masked(
            "h2-utf8", "SELECT STRINGTOUTF8(ssn), UTF8TOSTRING(STRINGTOUTF8(email)) FROM patients"),
        masked("h2-listagg", "SELECT LISTAGG(ssn, ','), LISTAGG(full_name) FROM patients"),
        masked("h2-array-agg", "SELECT ARRAY_AGG(ssn), ARRAY_AGG(email) FROM patients"),
        error(
            "h2-json-arrayagg",
            "SELECT JSON_ARRAYAGG(ssn), JSON_OBJECT('s': ssn, 'n': full_name) FROM patients"),
        masked("h2-array", "SELECT ARRAY[ssn, full_name, mrn] FROM patients"),
        masked(
            "h2-regexp",
            "SELECT REGEXP_REPLACE(ssn, '[^0-9]', ''), TRANSLATE(ssn, '0123456789', 'abcdefghij') FROM patients"),
        denied(
            "h2-to-char",
            "SELECT TO_CHAR(dob, 'YYYYMMDD'), DATEDIFF(DAY, DATE '1900-01-01', dob) FROM patients"),
        masked("h2-ora-hash", "SELECT ORA_HASH(ssn), SOUNDEX(full_name) FROM patients"),
        masked("h2-variable", "SELECT SET(@v, ssn) FROM patients WHERE id = 1\n@@\nSELECT @v"),
        denied("h2-for-update", "SELECT * FROM patients FOR UPDATE"),
        masked("h2-line-comment", "SELECT 1 AS a // x\n, ssn FROM patients"),
        denied(
            "h2-final-table",
            "SELECT ssn, full_name FROM FINAL TABLE (UPDATE patients SET ward = ward WHERE id = 1)"),
        denied("h2-old-table", "SELECT * FROM OLD TABLE (DELETE FROM patients WHERE id = 2)"),
        denied(
            "h2-explain-analyze-oracle",
            "EXPLAIN ANALYZE SELECT id FROM patients WHERE ssn = '912-73-4865'"),
        denied(
            "h2-merge-key",
            "MERGE INTO visits KEY (id) VALUES (10, 1, (SELECT ssn FROM patients WHERE id = 1))"),
        denied(
            "h2-merge-using",
            "MERGE INTO visits v USING patients p ON v.patient_id = p.id WHEN MATCHED THEN UPDATE"
                + " SET reason = p.ssn"),
        denied("h2-script", "SCRIPT"),
        denied("h2-script-table", "SCRIPT SIMPLE TABLE patients"),
        denied("h2-script-to", "SCRIPT TO '/tmp/phiguard-leak.sql'"),
        denied(
            "h2-csvwrite", "CALL CSVWRITE('/tmp/phiguard-leak.csv', 'SELECT ssn FROM patients')"),
        denied(
            "h2-csvwrite-select",
            "SELECT CSVWRITE('/tmp/phiguard-leak.csv', 'SELECT ssn FROM patients')"),
        denied("h2-file-write", "SELECT FILE_WRITE(ssn, '/tmp/phiguard-leak.txt') FROM patients"),
        denied(
            "h2-link-schema",
            "SELECT * FROM LINK_SCHEMA('X', '', 'jdbc:h2:mem:x', 'sa', '', 'PUBLIC')"),
        denied("h2-runscript", "RUNSCRIPT FROM '/tmp/phiguard-leak.sql'"),
        denied("h2-information-schema", "SELECT * FROM INFORMATION_SCHEMA.TABLES"),
        denied("h2-udf", "SELECT LEAK_SSN(1)"),
        denied("h2-udf-call", "CALL LEAK_SSN(1)"),
        denied("h2-synonym", "SELECT * FROM syn"),
        denied(
            "h2-create-alias",
            "CREATE ALIAS LEAK2 FOR 'java.lang.String.valueOf(java.lang.Object)'"),
        denied("h2-nested-comment", "SELECT 1 AS a /* /* */ , '*/ , ssn FROM patients --' AS b"),
        denied("h2-nested-comment-keyword", "/* /* */ begin */ SELECT ssn FROM patients"));
  }
}
