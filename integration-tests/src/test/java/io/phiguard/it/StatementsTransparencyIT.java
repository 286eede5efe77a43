package io.phiguard.it;

import static io.phiguard.it.Transparency.compare;

import io.phiguard.testkit.TestDatabases.Kind;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.TimeZone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Statements, every PreparedStatement setter, LOBs, arrays, JSON, batches, generated keys. */
class StatementsTransparencyIT extends TransparencyBase {

  @ParameterizedTest
  @EnumSource(Kind.class)
  void ddlDmlJoinsAndAggregates(Kind kind) throws Exception {
    compare(
        db(kind),
        sql(),
        (c, seen) -> {
          try (Statement st = c.createStatement()) {
            seen.attempt(
                "create dept",
                () -> st.executeUpdate("CREATE TABLE dept (id INT PRIMARY KEY, name VARCHAR(20))"));
            seen.attempt(
                "create emp",
                () ->
                    st.executeUpdate(
                        "CREATE TABLE emp (id INT PRIMARY KEY, dept_id INT REFERENCES dept(id),"
                            + " name VARCHAR(20) NOT NULL, salary DECIMAL(10,2))"));
            seen.attempt(
                "create index", () -> st.execute("CREATE INDEX emp_dept ON emp (dept_id)"));
            seen.note("update count after DDL", st.getUpdateCount());
            seen.attempt(
                "insert dept",
                () ->
                    st.executeUpdate("INSERT INTO dept VALUES (1, 'ward'), (2, 'lab'), (3, 'x')"));
            seen.attempt(
                "insert emp",
                () ->
                    st.executeUpdate(
                        "INSERT INTO emp VALUES (1, 1, 'ann', 100.50), (2, 1, 'bob', 200),"
                            + " (3, 2, 'cy', NULL), (4, NULL, 'di', 50.25)"));
            seen.attempt(
                "execute update",
                () -> st.execute("UPDATE emp SET salary = salary * 2 WHERE dept_id = 1"));
            seen.note("its update count", st.getUpdateCount());
            seen.note("its result set", st.getResultSet());
            seen.attempt("delete", () -> st.executeUpdate("DELETE FROM dept WHERE id = 3"));
            seen.attempt(
                "alter", () -> st.executeUpdate("ALTER TABLE emp ADD COLUMN active INT DEFAULT 1"));
            try (ResultSet rs =
                st.executeQuery(
                    "SELECT e.name AS emp_name, d.name AS dept_name, e.salary, e.active"
                        + " FROM emp e LEFT JOIN dept d ON d.id = e.dept_id ORDER BY e.id")) {
              seen.resultSet("join", rs);
            }
            try (ResultSet rs =
                st.executeQuery(
                    "SELECT d.name, COUNT(*) AS n, SUM(e.salary) AS total, AVG(e.salary) AS mean,"
                        + " MIN(e.salary) AS lo, MAX(e.name) AS hi FROM dept d"
                        + " JOIN emp e ON e.dept_id = d.id GROUP BY d.name HAVING COUNT(*) > 0"
                        + " ORDER BY d.name")) {
              seen.resultSet("aggregate", rs);
            }
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM emp WHERE salary IS NULL")) {
              seen.resultSet("count", rs);
            }
            seen.attempt("execute select", () -> st.execute("SELECT name FROM emp ORDER BY id"));
            seen.note("its update count", st.getUpdateCount());
            try (ResultSet rs = st.getResultSet()) {
              seen.resultSet("execute select", rs);
            }
            seen.attempt("large update", () -> st.executeLargeUpdate("UPDATE emp SET active = 0"));
            seen.attempt("drop", () -> st.executeUpdate("DROP TABLE emp"));
            seen.warnings("statement", st.getWarnings());
          }
        });
  }

  private static String typesTable(Kind kind) {
    return switch (kind) {
      case POSTGRESQL ->
          "CREATE TABLE types (id INT PRIMARY KEY, c_bool BOOLEAN, c_tiny SMALLINT,"
              + " c_small SMALLINT, c_int INT, c_big BIGINT, c_real REAL, c_double DOUBLE PRECISION,"
              + " c_dec NUMERIC(12,3), c_varchar VARCHAR(50), c_nvarchar VARCHAR(50), c_text TEXT,"
              + " c_bin BYTEA, c_date DATE, c_time TIME, c_ts TIMESTAMP,"
              + " c_tstz TIMESTAMP WITH TIME ZONE)";
      case MARIADB, MYSQL ->
          "CREATE TABLE types (id INT PRIMARY KEY, c_bool BOOLEAN,"
              + " c_tiny TINYINT, c_small SMALLINT, c_int INT, c_big BIGINT, c_real FLOAT,"
              + " c_double DOUBLE, c_dec DECIMAL(12,3), c_varchar VARCHAR(50),"
              + " c_nvarchar NVARCHAR(50), c_text TEXT, c_bin VARBINARY(100), c_date DATE,"
              + " c_time TIME, c_ts DATETIME(6), c_tstz TIMESTAMP(6) NULL)";
      case H2 ->
          "CREATE TABLE types (id INT PRIMARY KEY, c_bool BOOLEAN, c_tiny TINYINT,"
              + " c_small SMALLINT, c_int INT, c_big BIGINT, c_real REAL, c_double DOUBLE PRECISION,"
              + " c_dec DECIMAL(12,3), c_varchar VARCHAR(50), c_nvarchar NATIONAL CHARACTER VARYING(50),"
              + " c_text VARCHAR(1000), c_bin VARBINARY(100), c_date DATE, c_time TIME,"
              + " c_ts TIMESTAMP, c_tstz TIMESTAMP WITH TIME ZONE)";
    };
  }

  private static final String INSERT_TYPES =
      "INSERT INTO types (id, c_bool, c_tiny, c_small, c_int, c_big, c_real, c_double, c_dec,"
          + " c_varchar, c_nvarchar, c_text, c_bin, c_date, c_time, c_ts, c_tstz)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyPreparedStatementSetter(Kind kind) throws Exception {
    compare(
        db(kind),
        sql(typesTable(kind)),
        (c, seen) -> {
          Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
          try (PreparedStatement ps = c.prepareStatement(INSERT_TYPES)) {
            // row 1: the typed setters
            ps.setInt(1, 1);
            seen.attemptVoid("setBoolean 2", () -> ps.setBoolean(2, true));
            seen.attemptVoid("setByte 3", () -> ps.setByte(3, (byte) 7));
            seen.attemptVoid("setShort 4", () -> ps.setShort(4, (short) -300));
            seen.attemptVoid("setInt 5", () -> ps.setInt(5, 123_456));
            seen.attemptVoid("setLong 6", () -> ps.setLong(6, 9_000_000_000L));
            seen.attemptVoid("setFloat 7", () -> ps.setFloat(7, 1.5f));
            seen.attemptVoid("setDouble 8", () -> ps.setDouble(8, -2.25));
            seen.attemptVoid(
                "setBigDecimal 9", () -> ps.setBigDecimal(9, new BigDecimal("12345.678")));
            seen.attemptVoid("setString 10", () -> ps.setString(10, "héllo 'quoted'"));
            if (!seen.attemptVoid("setNString 11", () -> ps.setNString(11, "ünïcødé"))) {
              // not supported by this driver (pgjdbc): the plain setter, so the row still goes in
              seen.attemptVoid("fallback", () -> ps.setString(11, "ünïcødé"));
            }
            seen.attemptVoid("setString 12", () -> ps.setString(12, "long text\nline 2"));
            seen.attemptVoid(
                "setBytes 13", () -> ps.setBytes(13, new byte[] {0, 1, 2, (byte) 0xff}));
            seen.attemptVoid("setDate 14", () -> ps.setDate(14, Date.valueOf("2024-02-29")));
            seen.attemptVoid("setTime 15", () -> ps.setTime(15, Time.valueOf("13:14:15")));
            seen.attemptVoid(
                "setTimestamp 16",
                () -> ps.setTimestamp(16, Timestamp.valueOf("2024-03-01 04:05:06.123456")));
            seen.attemptVoid(
                "setTimestamp 17",
                () -> ps.setTimestamp(17, Timestamp.valueOf("2024-03-01 04:05:06.5"), utc));
            seen.attempt("typed setters", ps::executeUpdate);
            seen.note("parameter count", ps.getParameterMetaData().getParameterCount());

            // row 2: setNull with each type
            ps.clearParameters();
            ps.setInt(1, 2);
            int[] types = {
              Types.BOOLEAN, Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT,
              Types.REAL, Types.DOUBLE, Types.DECIMAL, Types.VARCHAR, Types.NVARCHAR,
              Types.LONGVARCHAR, Types.VARBINARY, Types.DATE, Types.TIME, Types.TIMESTAMP,
              Types.TIMESTAMP_WITH_TIMEZONE
            };
            for (int i = 0; i < types.length; i++) {
              int index = i + 2;
              int type = types[i];
              if (!seen.attemptVoid("setNull " + index, () -> ps.setNull(index, type))) {
                // pgjdbc knows no NVARCHAR
                seen.attemptVoid("fallback", () -> ps.setNull(index, Types.VARCHAR));
              }
            }
            seen.attempt("setNull", ps::executeUpdate);

            // row 3: setObject with java.time and with target types
            ps.setInt(1, 3);
            seen.attemptVoid("setObject 2", () -> ps.setObject(2, Boolean.FALSE));
            seen.attemptVoid("setObject 3", () -> ps.setObject(3, 1, Types.TINYINT));
            seen.attemptVoid("setObject 4", () -> ps.setObject(4, "12", Types.SMALLINT));
            seen.attemptVoid("setObject 5", () -> ps.setObject(5, 42L, Types.INTEGER));
            seen.attemptVoid(
                "setObject 6", () -> ps.setObject(6, new BigDecimal("77"), Types.BIGINT));
            seen.attemptVoid("setObject 7", () -> ps.setObject(7, 0.25f));
            seen.attemptVoid("setObject 8", () -> ps.setObject(8, "3.5", Types.DOUBLE));
            seen.attemptVoid("setObject 9", () -> ps.setObject(9, 1.125, Types.DECIMAL, 3));
            seen.attemptVoid("setObject 10", () -> ps.setObject(10, "obj"));
            if (!seen.attemptVoid("setObject 11", () -> ps.setObject(11, "nobj", Types.NVARCHAR))) {
              // not supported by this driver (pgjdbc): the plain setter, so the row still goes in
              seen.attemptVoid("fallback", () -> ps.setObject(11, "nobj", Types.VARCHAR));
            }
            seen.attemptVoid("setObject 12", () -> ps.setObject(12, "clob-ish", Types.LONGVARCHAR));
            seen.attemptVoid("setObject 13", () -> ps.setObject(13, new byte[] {9, 8}));
            seen.attemptVoid("setObject 14", () -> ps.setObject(14, LocalDate.of(1999, 12, 31)));
            seen.attemptVoid("setObject 15", () -> ps.setObject(15, LocalTime.of(23, 59, 58)));
            seen.attemptVoid(
                "setObject 16",
                () -> ps.setObject(16, LocalDateTime.of(2000, 1, 2, 3, 4, 5, 600_000_000)));
            seen.attemptVoid("setNull 17", () -> ps.setNull(17, Types.TIMESTAMP));
            seen.attempt("setObject", ps::executeUpdate);

            // row 4: streams and OffsetDateTime
            ps.setInt(1, 4);
            seen.attemptVoid("setNull 2", () -> ps.setNull(2, Types.BOOLEAN));
            seen.attemptVoid("setNull 3", () -> ps.setNull(3, Types.TINYINT));
            seen.attemptVoid("setNull 4", () -> ps.setNull(4, Types.SMALLINT));
            seen.attemptVoid("setNull 5", () -> ps.setNull(5, Types.INTEGER));
            seen.attemptVoid("setNull 6", () -> ps.setNull(6, Types.BIGINT));
            seen.attemptVoid("setNull 7", () -> ps.setNull(7, Types.REAL));
            seen.attemptVoid("setNull 8", () -> ps.setNull(8, Types.DOUBLE));
            seen.attemptVoid("setNull 9", () -> ps.setNull(9, Types.DECIMAL));
            seen.attemptVoid(
                "setAsciiStream 10",
                () ->
                    ps.setAsciiStream(
                        10,
                        new ByteArrayInputStream("ascii".getBytes(StandardCharsets.US_ASCII)),
                        5));
            if (!seen.attemptVoid(
                "setNCharacterStream 11",
                () -> ps.setNCharacterStream(11, new StringReader("nchars"), 6))) {
              // not supported by this driver (pgjdbc): the plain setter, so the row still goes in
              seen.attemptVoid(
                  "fallback", () -> ps.setCharacterStream(11, new StringReader("nchars"), 6));
            }
            seen.attemptVoid(
                "setCharacterStream 12",
                () -> ps.setCharacterStream(12, new StringReader("chars stream")));
            seen.attemptVoid(
                "setBinaryStream 13",
                () -> ps.setBinaryStream(13, new ByteArrayInputStream(new byte[] {5, 6, 7}), 3));
            seen.attemptVoid("setDate 14", () -> ps.setDate(14, Date.valueOf("2020-01-01"), utc));
            seen.attemptVoid("setTime 15", () -> ps.setTime(15, Time.valueOf("00:00:01"), utc));
            seen.attemptVoid(
                "setObject 16", () -> ps.setObject(16, Timestamp.valueOf("1970-01-01 00:00:01")));
            seen.attemptVoid(
                "OffsetDateTime",
                () ->
                    seen.attemptVoid(
                        "setObject 17",
                        () ->
                            ps.setObject(
                                17,
                                OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 0, ZoneOffset.ofHours(2)))));
            seen.attempt("streams", ps::executeUpdate);
            seen.warnings("insert", ps.getWarnings());
          }
          try (PreparedStatement ps =
              c.prepareStatement("SELECT * FROM types WHERE id >= ? ORDER BY id")) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
              seen.resultSet("getObject", rs);
            }
            try (ResultSet rs = ps.executeQuery()) {
              seen.strings(
                  "getString", rs, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                seen.note("getBytes", rs.getBytes("c_bin"));
                seen.attempt("LocalDateTime", () -> rs.getObject("c_ts", LocalDateTime.class));
                seen.attempt("LocalDate", () -> rs.getObject("c_date", LocalDate.class));
                seen.attempt("OffsetDateTime", () -> rs.getObject("c_tstz", OffsetDateTime.class));
                seen.attempt("BigDecimal", () -> rs.getBigDecimal("c_dec"));
                seen.attempt(
                    "timestamp utc",
                    () ->
                        rs.getTimestamp(
                            "c_tstz", Calendar.getInstance(TimeZone.getTimeZone("UTC"))));
                seen.attempt("long", () -> rs.getLong("c_big"));
                seen.note("wasNull", rs.wasNull());
              }
            }
          }
        });
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void lobsAndStreams(Kind kind) throws Exception {
    String table =
        switch (kind) {
          // pgjdbc's setBlob/setClob write large objects: the columns hold their oids
          case POSTGRESQL ->
              "CREATE TABLE lobs (id INT PRIMARY KEY, b OID, c OID, bin BYTEA, txt TEXT)";
          case MARIADB, MYSQL ->
              "CREATE TABLE lobs (id INT PRIMARY KEY, b LONGBLOB, c LONGTEXT,"
                  + " bin BLOB, txt TEXT)";
          case H2 ->
              "CREATE TABLE lobs (id INT PRIMARY KEY, b BLOB, c CLOB, bin VARBINARY(4000),"
                  + " txt VARCHAR(4000))";
        };
    byte[] bytes = new byte[3000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    String text = "clob ".repeat(500) + "ü";
    compare(
        db(kind),
        sql(table),
        (c, seen) -> {
          // large objects live in a transaction in PostgreSQL; the same for all, for equality
          c.setAutoCommit(false);
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO lobs VALUES (?, ?, ?, ?, ?)")) {
            ps.setInt(1, 1);
            seen.attemptVoid("setBlob 2", () -> ps.setBlob(2, new ByteArrayInputStream(bytes)));
            if (!seen.attemptVoid("setClob 3", () -> ps.setClob(3, new StringReader(text)))) {
              // pgjdbc writes CLOBs only from a Clob object, which it cannot create
              seen.attemptVoid("fallback", () -> ps.setNull(3, Types.BIGINT));
            }
            seen.attemptVoid(
                "setBinaryStream 4", () -> ps.setBinaryStream(4, new ByteArrayInputStream(bytes)));
            seen.attemptVoid(
                "setCharacterStream 5",
                () -> ps.setCharacterStream(5, new StringReader(text), text.length()));
            seen.attempt("streams", ps::executeUpdate);

            ps.setInt(1, 2);
            seen.attemptVoid("setBlob 2", () -> ps.setBlob(2, new ByteArrayInputStream(bytes), 10));
            if (!seen.attemptVoid("setClob 3", () -> ps.setClob(3, new StringReader(text), 10))) {
              // pgjdbc writes CLOBs only from a Clob object, which it cannot create
              seen.attemptVoid("fallback", () -> ps.setNull(3, Types.BIGINT));
            }
            seen.attemptVoid(
                "setBinaryStream 4",
                () -> ps.setBinaryStream(4, new ByteArrayInputStream(bytes), 10L));
            if (!seen.attemptVoid(
                "setAsciiStream 5",
                () ->
                    ps.setAsciiStream(
                        5,
                        new ByteArrayInputStream("ascii".getBytes(StandardCharsets.US_ASCII))))) {
              // not supported by this driver (pgjdbc): the plain setter, so the row still goes in
              seen.attemptVoid(
                  "fallback",
                  () ->
                      ps.setAsciiStream(
                          5,
                          new ByteArrayInputStream("ascii".getBytes(StandardCharsets.US_ASCII)),
                          5));
            }
            seen.attempt("streams with length", ps::executeUpdate);

            // LOB objects made by the connection (pgjdbc has none: compared as exceptions)
            Blob blob = seen.attempt("createBlob", c::createBlob);
            Clob clob = seen.attempt("createClob", c::createClob);
            if (blob != null && clob != null) {
              seen.attempt("blob.setBytes", () -> blob.setBytes(1, new byte[] {1, 2, 3}));
              seen.attempt("clob.setString", () -> clob.setString(1, "abc"));
              ps.setInt(1, 3);
              seen.attemptVoid("setBlob 2", () -> ps.setBlob(2, blob));
              if (!seen.attemptVoid("setClob 3", () -> ps.setClob(3, clob))) {
                // pgjdbc writes CLOBs only from a Clob object, which it cannot create
                seen.attemptVoid("fallback", () -> ps.setNull(3, Types.BIGINT));
              }
              seen.attemptVoid("setBytes 4", () -> ps.setBytes(4, new byte[0]));
              seen.attemptVoid("setNull 5", () -> ps.setNull(5, Types.VARCHAR));
              seen.attempt("created LOBs", ps::executeUpdate);
            }
            seen.attemptVoid("createNClob", () -> c.createNClob().free());
          }
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT id, b, c, bin, txt FROM lobs ORDER BY id")) {
            seen.metaData("lobs", rs.getMetaData());
            while (rs.next()) {
              seen.note("id", rs.getInt(1));
              seen.attempt("getBlob", () -> rs.getBlob(2));
              seen.attempt("getClob", () -> rs.getClob(3));
              seen.attempt("getBytes bin", () -> rs.getBytes(4));
              seen.attempt("getBinaryStream bin", () -> rs.getBinaryStream(4).readAllBytes());
              seen.attempt("getString txt", () -> rs.getString(5));
              seen.attempt("getCharacterStream txt", () -> readAll(rs.getCharacterStream(5)));
              if (kind != Kind.POSTGRESQL) {
                // PostgreSQL's getObject on an oid column is the oid: different on every run
                seen.attempt("getObject b", () -> rs.getObject(2));
                seen.attempt("getObject c", () -> rs.getObject(3));
              }
              seen.attempt("getObject bin", () -> rs.getObject(4));
            }
          }
          c.commit();
        });
  }

  static String readAll(java.io.Reader reader) throws java.io.IOException {
    if (reader == null) {
      return null;
    }
    try (java.io.Reader r = reader) {
      java.io.StringWriter out = new java.io.StringWriter();
      r.transferTo(out);
      return out.toString();
    }
  }
}
