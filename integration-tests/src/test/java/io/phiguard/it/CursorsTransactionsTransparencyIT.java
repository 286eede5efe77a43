package io.phiguard.it;

import static io.phiguard.it.Transparency.compare;

import io.phiguard.testkit.Observation;
import io.phiguard.testkit.TestDatabases.Kind;
import java.nio.charset.StandardCharsets;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Callable statements, multiple results, scrollable/updatable cursors, transactions, streaming. */
class CursorsTransactionsTransparencyIT extends TransparencyBase {

  @ParameterizedTest
  @EnumSource(Kind.class)
  void callableWithOutParameters(Kind kind) throws Exception {
    var setup =
        switch (kind) {
          case POSTGRESQL ->
              sql(
                  "CREATE FUNCTION add_out(a INT, b INT, OUT s INT, OUT p TEXT)"
                      + " AS $$ SELECT a + b, 'p' || (a * b) $$ LANGUAGE sql",
                  "CREATE FUNCTION twice(INOUT x INT) AS $$ SELECT x * 2 $$ LANGUAGE sql");
          case MARIADB, MYSQL ->
              sql(
                  "CREATE PROCEDURE add_out(IN a INT, IN b INT, OUT s INT, INOUT p VARCHAR(20))"
                      + " BEGIN SET s = a + b; SET p = CONCAT(p, a * b); END",
                  "CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2");
          // H2 has no OUT parameters beyond a function's return value
          case H2 -> sql();
        };
    compare(
        db(kind),
        setup,
        (c, seen) -> {
          if (kind != Kind.H2) {
            try (CallableStatement cs = c.prepareCall("{call add_out(?, ?, ?, ?)}")) {
              cs.setInt(1, 3);
              cs.setInt(2, 4);
              cs.registerOutParameter(3, Types.INTEGER);
              if (kind == Kind.POSTGRESQL) {
                cs.registerOutParameter(4, Types.VARCHAR);
              } else {
                cs.setString(4, "p");
                cs.registerOutParameter(4, Types.VARCHAR);
              }
              seen.attempt("execute", cs::execute);
              seen.note("s", cs.getInt(3));
              seen.note("p", cs.getString(4));
              seen.note("s object", cs.getObject(3));
              seen.note("wasNull", cs.wasNull());
              seen.attempt("s by name", () -> cs.getInt("s"));
              seen.attempt("parameter count", () -> cs.getParameterMetaData().getParameterCount());
            }
          }
          String twice =
              kind == Kind.POSTGRESQL
                  ? "{call twice(?)}"
                  : kind == Kind.H2 ? "{? = call ABS(?)}" : "{? = call twice(?)}";
          try (CallableStatement cs = c.prepareCall(twice)) {
            if (kind == Kind.POSTGRESQL) {
              cs.setInt(1, 21);
              cs.registerOutParameter(1, Types.INTEGER);
            } else {
              cs.registerOutParameter(1, Types.INTEGER);
              cs.setInt(2, -21);
            }
            seen.attempt("execute function", cs::execute);
            seen.attempt("result", () -> cs.getInt(1));
            seen.attempt("result object", () -> cs.getObject(1));
          }
          try (CallableStatement cs = c.prepareCall("{? = call upper(?)}")) {
            cs.registerOutParameter(1, Types.VARCHAR);
            cs.setString(2, "shout");
            seen.attempt("execute upper", cs::execute);
            seen.attempt("upper", () -> cs.getString(1));
          }
        });
  }

  /** H2 returns at most one result per statement: no H2 case. */
  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"POSTGRESQL", "MARIADB", "MYSQL"})
  void multipleResultSets(Kind kind) throws Exception {
    var setup =
        kind == Kind.POSTGRESQL
            ? sql("CREATE TABLE m (id INT)")
            : sql(
                "CREATE TABLE m (id INT)",
                "CREATE PROCEDURE two_sets() BEGIN SELECT 1 AS a; INSERT INTO m VALUES (1);"
                    + " SELECT 'x' AS b, 2 AS c; END");
    compare(
        db(kind),
        setup,
        (c, seen) -> {
          if (kind == Kind.POSTGRESQL) {
            // pgjdbc runs several statements of one execute() and returns each result
            try (Statement st = c.createStatement()) {
              results(
                  seen,
                  "multi",
                  st,
                  st.execute("SELECT 1 AS a; INSERT INTO m VALUES (1); SELECT 'x' AS b, 2 AS c"));
            }
          } else {
            try (CallableStatement cs = c.prepareCall("{call two_sets()}")) {
              results(seen, "callable", cs, cs.execute());
            }
            try (Statement st = c.createStatement()) {
              results(seen, "CALL", st, st.execute("CALL two_sets()"));
            }
          }
        });
  }

  private static void results(Observation seen, String label, Statement st, boolean isResultSet)
      throws Exception {
    for (int i = 0; i < 10; i++) {
      if (isResultSet) {
        try (ResultSet rs = st.getResultSet()) {
          seen.resultSet(label + " result " + i, rs);
        }
      } else {
        int count = st.getUpdateCount();
        seen.note(label + " update count " + i, count);
        if (count == -1) {
          return;
        }
      }
      isResultSet = st.getMoreResults();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void scrollableAndUpdatableResultSets(Kind kind) throws Exception {
    compare(
        db(kind),
        sql(
            "CREATE TABLE u (id INT PRIMARY KEY, name VARCHAR(20))",
            "INSERT INTO u VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four'), (5, 'five')"),
        (c, seen) -> {
          try (Statement st =
              c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE)) {
            seen.warnings("create statement", c.getWarnings());
            try (ResultSet rs = st.executeQuery("SELECT id, name FROM u ORDER BY id")) {
              seen.attempt("type", rs::getType);
              seen.attempt("concurrency", rs::getConcurrency);
              seen.attempt("holdability", rs::getHoldability);
              seen.warnings("rs", rs.getWarnings());
              seen.attempt("last", rs::last);
              seen.attempt("row", rs::getRow);
              seen.attempt("absolute 2", () -> rs.absolute(2));
              seen.attempt("previous", rs::previous);
              seen.attempt("relative 2", () -> rs.relative(2));
              seen.attempt("id", () -> rs.getInt(1));
              seen.attempt("isFirst", rs::isFirst);
              seen.attempt(
                  "afterLast",
                  () -> {
                    rs.afterLast();
                    return rs.isAfterLast();
                  });
              seen.attempt("absolute -1", () -> rs.absolute(-1));
              seen.attempt("name", () -> rs.getString("name"));
              seen.attempt("absolute 2 again", () -> rs.absolute(2));
              seen.attemptVoid("updateString", () -> rs.updateString("name", "TWO"));
              seen.attemptVoid("updateRow", rs::updateRow);
              seen.attempt("rowUpdated", rs::rowUpdated);
              seen.attemptVoid("moveToInsertRow", rs::moveToInsertRow);
              seen.attemptVoid("updateInt", () -> rs.updateInt(1, 6));
              seen.attemptVoid("updateString new", () -> rs.updateString(2, "six"));
              seen.attemptVoid("insertRow", rs::insertRow);
              seen.attemptVoid("moveToCurrentRow", rs::moveToCurrentRow);
              seen.attempt("first", rs::first);
              seen.attemptVoid("deleteRow", rs::deleteRow);
              seen.attempt("absolute 3", () -> rs.absolute(3));
              seen.attemptVoid("refreshRow", rs::refreshRow);
              seen.attempt("name 3", () -> rs.getString(2));
              seen.attemptVoid("beforeFirst", rs::beforeFirst);
              seen.attempt("next", rs::next);
            }
          }
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT id, name FROM u ORDER BY id")) {
            seen.attempt("forward-only absolute", () -> rs.absolute(2));
            seen.attempt(
                "forward-only update",
                () -> {
                  rs.next();
                  rs.updateString(2, "no");
                  return "updated";
                });
          }
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT id, name FROM u ORDER BY id")) {
            seen.resultSet("table afterwards", rs);
          }
        });
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void transactionsSavepointsAndIsolation(Kind kind) throws Exception {
    compare(
        db(kind),
        sql("CREATE TABLE tx (id INT PRIMARY KEY)"),
        (c, seen) -> {
          seen.note("autocommit", c.getAutoCommit());
          seen.note("default isolation", c.getTransactionIsolation());
          c.setAutoCommit(false);
          try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO tx VALUES (1)");
            Savepoint named = c.setSavepoint("sp1");
            seen.attempt("named name", named::getSavepointName);
            seen.attempt("named id", named::getSavepointId);
            st.executeUpdate("INSERT INTO tx VALUES (2)");
            Savepoint unnamed = c.setSavepoint();
            seen.attempt("unnamed id", unnamed::getSavepointId);
            // MySQL Connector/J names unnamed savepoints with a random UUID: compare presence only
            seen.attempt("unnamed name", () -> unnamed.getSavepointName() != null);
            st.executeUpdate("INSERT INTO tx VALUES (3)");
            seen.attemptVoid("rollback to unnamed", () -> c.rollback(unnamed));
            rows(seen, "after rollback to unnamed", st);
            seen.attemptVoid("rollback to named", () -> c.rollback(named));
            rows(seen, "after rollback to named", st);
            seen.attemptVoid("release", () -> c.releaseSavepoint(named));
            c.commit();
            rows(seen, "after commit", st);
            st.executeUpdate("INSERT INTO tx VALUES (4)");
            c.rollback();
            rows(seen, "after rollback", st);
            seen.attempt(
                "duplicate in transaction", () -> st.executeUpdate("INSERT INTO tx VALUES (1)"));
            seen.attempt("after error", () -> st.executeUpdate("INSERT INTO tx VALUES (5)"));
            c.rollback();
            rows(seen, "after error rollback", st);

            DatabaseMetaData md = c.getMetaData();
            int[] levels = {
              Connection.TRANSACTION_NONE,
              Connection.TRANSACTION_READ_UNCOMMITTED,
              Connection.TRANSACTION_READ_COMMITTED,
              Connection.TRANSACTION_REPEATABLE_READ,
              Connection.TRANSACTION_SERIALIZABLE
            };
            for (int level : levels) {
              seen.note("supports " + level, md.supportsTransactionIsolationLevel(level));
              seen.attemptVoid("set " + level, () -> c.setTransactionIsolation(level));
              seen.note("isolation now", c.getTransactionIsolation());
              rows(seen, "read at " + level, st);
              c.commit();
            }
            seen.attemptVoid("read only", () -> c.setReadOnly(true));
            seen.note("is read only", c.isReadOnly());
            seen.attempt(
                "write when read only", () -> st.executeUpdate("INSERT INTO tx VALUES (7)"));
            c.rollback();
            c.setReadOnly(false);
            c.setAutoCommit(true);
            seen.attemptVoid("commit in autocommit", c::commit);
            seen.attemptVoid("savepoint in autocommit", c::setSavepoint);
          }
        });
  }

  private static void rows(Observation seen, String label, Statement st) throws Exception {
    try (ResultSet rs = st.executeQuery("SELECT id FROM tx ORDER BY id")) {
      seen.strings(label, rs, 1);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void streamingOneHundredThousandRows(Kind kind) throws Exception {
    String query =
        switch (kind) {
          case POSTGRESQL -> "SELECT g, md5(g::text) FROM generate_series(1, 100000) g";
          case MARIADB, MYSQL -> "SELECT seq, MD5(seq) FROM seq_1_to_100000";
          case H2 ->
              "SELECT X, RAWTOHEX(HASH('SHA-256', CAST(X AS VARCHAR))) FROM SYSTEM_RANGE(1, 100000)";
        };
    compare(
        db(kind),
        sql(),
        (c, seen) -> {
          // pgjdbc streams only with autocommit off and a fetch size
          c.setAutoCommit(false);
          try (Statement st = c.createStatement()) {
            // MySQL Connector/J streams row by row only with Integer.MIN_VALUE
            st.setFetchSize(kind == Kind.MYSQL ? Integer.MIN_VALUE : 1000);
            seen.note("statement fetch size", st.getFetchSize());
            try (ResultSet rs = st.executeQuery(query)) {
              seen.note("result set fetch size", rs.getFetchSize());
              seen.metaData("stream", rs.getMetaData());
              CRC32 checksum = new CRC32();
              long count = 0;
              while (rs.next()) {
                checksum.update(
                    (rs.getLong(1) + "," + rs.getString(2) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                count++;
              }
              seen.note("rows", count);
              seen.note("checksum", checksum.getValue());
            }
          }
          c.commit();
        });
  }
}
