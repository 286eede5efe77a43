package io.phiguard.it;

import static io.phiguard.it.Transparency.compare;

import io.phiguard.testkit.Observation;
import io.phiguard.testkit.TestDatabases.Kind;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.util.PGobject;

/** Arrays and JSON, batches, generated keys. */
class BatchesKeysTransparencyIT extends TransparencyBase {

  /** MariaDB and MySQL have no array type (MariaDB's JSON is LONGTEXT): PostgreSQL and H2 only. */
  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"POSTGRESQL", "H2"})
  void arrays(Kind kind) throws Exception {
    String table =
        kind == Kind.POSTGRESQL
            ? "CREATE TABLE arr (id INT PRIMARY KEY, ints INT[], texts TEXT[])"
            : "CREATE TABLE arr (id INT PRIMARY KEY, ints INT ARRAY, texts VARCHAR(20) ARRAY)";
    compare(
        db(kind),
        sql(table),
        (c, seen) -> {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO arr VALUES (?, ?, ?)")) {
            Array ints = c.createArrayOf("integer", new Integer[] {1, 2, null, 4});
            seen.note("created array", ints);
            ps.setInt(1, 1);
            ps.setArray(2, ints);
            ps.setObject(3, new String[] {"a", "b,c", "\"q\""});
            seen.attempt("insert arrays", ps::executeUpdate);
            ps.setInt(1, 2);
            ps.setNull(2, Types.ARRAY);
            ps.setArray(3, c.createArrayOf("varchar", new Object[] {}));
            seen.attempt("insert null/empty", ps::executeUpdate);
            ints.free();
          }
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT id, ints, texts FROM arr ORDER BY id")) {
            seen.metaData("arr", rs.getMetaData());
            while (rs.next()) {
              seen.note("ints", rs.getArray(2));
              seen.note("texts", rs.getObject(3));
              seen.note("ints string", rs.getString(2));
              Array a = rs.getArray(2);
              if (a != null) {
                try (ResultSet elements = a.getResultSet()) {
                  seen.resultSet("array elements", elements);
                }
                seen.attempt("slice", () -> a.getArray(2, 2));
              }
            }
          }
        });
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"POSTGRESQL"})
  void postgresJson(Kind kind) throws Exception {
    compare(
        db(kind),
        sql("CREATE TABLE docs (id INT PRIMARY KEY, j JSON, jb JSONB)"),
        (c, seen) -> {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO docs VALUES (?, ?, ?)")) {
            PGobject json = new PGobject();
            json.setType("json");
            json.setValue("{\"b\": 1, \"a\": [true, null]}");
            ps.setInt(1, 1);
            ps.setObject(2, json);
            ps.setObject(3, "{\"k\": \"v\", \"n\": 2.50}", Types.OTHER);
            seen.attempt("insert PGobject / OTHER", ps::executeUpdate);
          }
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO docs VALUES (?, ?::json, ?::jsonb)")) {
            ps.setInt(1, 2);
            ps.setString(2, "[1, 2]");
            ps.setString(3, "{\"z\": {\"y\": null}}");
            seen.attempt("insert cast strings", ps::executeUpdate);
            ps.setInt(1, 3);
            ps.setString(2, "not json");
            ps.setNull(3, Types.OTHER);
            seen.attempt("insert invalid json", ps::executeUpdate);
          }
          try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, j, jb FROM docs ORDER BY id")) {
              seen.resultSet("docs", rs);
            }
            try (ResultSet rs =
                st.executeQuery(
                    "SELECT jb -> 'k' AS k, jb ->> 'n' AS n, jsonb_typeof(jb) AS t,"
                        + " json_build_object('x', id) AS built FROM docs ORDER BY id")) {
              seen.resultSet("json functions", rs);
            }
          }
        });
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void batches(Kind kind) throws Exception {
    compare(
        db(kind),
        sql("CREATE TABLE b (id INT PRIMARY KEY, v VARCHAR(20))"),
        (c, seen) -> {
          try (Statement st = c.createStatement()) {
            st.addBatch("INSERT INTO b VALUES (1, 'one')");
            st.addBatch("INSERT INTO b VALUES (2, 'two')");
            st.addBatch("UPDATE b SET v = 'x' WHERE id > 0");
            seen.attempt("statement batch", st::executeBatch);
            st.addBatch("INSERT INTO b VALUES (9, 'nine')");
            st.clearBatch();
            seen.attempt("cleared batch", st::executeBatch);
            st.addBatch("DELETE FROM b WHERE id = 2");
            st.addBatch("INSERT INTO b VALUES (1, 'duplicate')");
            st.addBatch("INSERT INTO b VALUES (3, 'three')");
            seen.attempt("failing statement batch", st::executeBatch);
          }
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO b VALUES (?, ?)")) {
            for (int i = 10; i < 15; i++) {
              ps.setInt(1, i);
              ps.setString(2, "v" + i);
              ps.addBatch();
            }
            seen.attempt("prepared batch", ps::executeBatch);
            for (int i = 20; i < 22; i++) {
              ps.setInt(1, i);
              ps.setString(2, "v" + i);
              ps.addBatch();
            }
            seen.attempt("large batch", ps::executeLargeBatch);
            ps.setInt(1, 30);
            ps.setString(2, "ok");
            ps.addBatch();
            ps.setInt(1, 10);
            ps.setString(2, "duplicate");
            ps.addBatch();
            ps.setInt(1, 31);
            ps.setString(2, "after");
            ps.addBatch();
            seen.attempt("failing prepared batch", ps::executeBatch);
          }
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT id, v FROM b ORDER BY id")) {
            seen.resultSet("after batches", rs);
          }
        });
  }

  private static String keysTable(Kind kind) {
    return switch (kind) {
      case POSTGRESQL -> "CREATE TABLE g (id SERIAL PRIMARY KEY, v VARCHAR(20), d INT DEFAULT 7)";
      case MARIADB, MYSQL ->
          "CREATE TABLE g (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20)," + " d INT DEFAULT 7)";
      case H2 ->
          "CREATE TABLE g (id INT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
              + " v VARCHAR(20), d INT DEFAULT 7)";
    };
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void generatedKeys(Kind kind) throws Exception {
    String id = name(kind, "id");
    String insert = "INSERT INTO g (v) VALUES ('x')";
    compare(
        db(kind),
        sql(keysTable(kind)),
        (c, seen) -> {
          try (Statement st = c.createStatement()) {
            seen.attempt(
                "statement flag", () -> st.executeUpdate(insert, Statement.RETURN_GENERATED_KEYS));
            keys(seen, "statement flag", st);
            seen.attempt("statement names", () -> st.executeUpdate(insert, new String[] {id}));
            keys(seen, "statement names", st);
            seen.attempt("statement indexes", () -> st.executeUpdate(insert, new int[] {1}));
            keys(seen, "statement indexes", st);
            seen.attempt("execute flag", () -> st.execute(insert, Statement.RETURN_GENERATED_KEYS));
            keys(seen, "execute flag", st);
            seen.attempt("no flag", () -> st.executeUpdate(insert, Statement.NO_GENERATED_KEYS));
            keys(seen, "no flag", st);
          }
          String prepared = "INSERT INTO g (v) VALUES (?)";
          try (PreparedStatement ps =
              c.prepareStatement(prepared, Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, "p");
            seen.attempt("prepared flag", ps::executeUpdate);
            keys(seen, "prepared flag", ps);
            ps.setString(1, "b1");
            ps.addBatch();
            ps.setString(1, "b2");
            ps.addBatch();
            seen.attempt("prepared flag batch", ps::executeBatch);
            keys(seen, "prepared flag batch", ps);
          }
          try (PreparedStatement ps =
              c.prepareStatement(prepared, new String[] {id, name(kind, "d")})) {
            ps.setString(1, "n");
            seen.attempt("prepared names", ps::executeUpdate);
            keys(seen, "prepared names", ps);
          }
          PreparedStatement byIndex =
              seen.attempt("prepare indexes", () -> c.prepareStatement(prepared, new int[] {1}));
          if (byIndex != null) {
            try (PreparedStatement ps = byIndex) {
              ps.setString(1, "i");
              seen.attempt("prepared indexes", ps::executeUpdate);
              keys(seen, "prepared indexes", ps);
            }
          }
        });
  }

  private static void keys(Observation seen, String label, Statement st) {
    seen.attemptVoid(
        label + " keys",
        () -> {
          try (ResultSet rs = st.getGeneratedKeys()) {
            seen.resultSet(label + " keys", rs);
          }
        });
  }
}
