package io.phiguard.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * (h) A whole masked SELECT on H2 in memory: {@code Statement.executeQuery}, {@code next}, five
 * getters, {@code close}, repeated with the same text (a gate cache hit after the first).
 *
 * <ul>
 *   <li>{@code raw}: the raw H2 driver runs the application's SQL;
 *   <li>{@code rawRewritten}: the raw H2 driver runs the masking rewrite the gate produces for it
 *       (what H2 itself pays for the masking view);
 *   <li>{@code guarded}: {@code jdbc:phiguard:} without a policy (wrappers, pass-through gate);
 *   <li>{@code masked}: {@code jdbc:phiguard:} with the policy, as a masked identity: gate (cache
 *       hit), audit trail ({@code durability: write}: DECISION and OUTCOME records), the rewritten
 *       SQL, result-set checks;
 *   <li>{@code maskedFsync}: the same with {@code durability: fsync}.
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MaskedQueryBenchmarks {

  @Param({"raw", "rawRewritten", "guarded", "masked", "maskedFsync"})
  public String path;

  private PolicyFixture fixture;
  private Connection connection;
  private Statement statement;
  private String sql;

  @Setup(Level.Trial)
  public void open() throws Exception {
    fixture = new PolicyFixture("maskedFsync".equals(path) ? "fsync" : "write");
    sql = PolicyFixture.MASKED_SELECT;
    connection =
        switch (path) {
          case "raw" -> DriverManager.getConnection(fixture.rawUrl, fixture.credentials);
          case "rawRewritten" -> {
            sql = fixture.rewrite(PolicyFixture.MASKED_SELECT);
            yield DriverManager.getConnection(fixture.rawUrl, fixture.credentials);
          }
          case "guarded" -> DriverManager.getConnection(fixture.guardedUrl(), fixture.credentials);
          case "masked", "maskedFsync" ->
              DriverManager.getConnection(fixture.guardedUrl(), fixture.maskedProperties());
          default -> throw new IllegalArgumentException("unknown path " + path);
        };
    statement = connection.createStatement();
    try (ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      String ssn = rs.getString(3);
      boolean masked = path.startsWith("masked") || "rawRewritten".equals(path);
      if (masked == ssn.startsWith("900-")) {
        throw new IllegalStateException(path + " read ssn " + ssn.substring(0, 4) + "…");
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    statement.close();
    connection.close();
    fixture.close();
  }

  /** (h) One masked SELECT by primary key, read fully. */
  @Benchmark
  public void executeQuery(Blackhole bh) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sql)) {
      if (!rs.next()) {
        throw new IllegalStateException("no row");
      }
      bh.consume(rs.getInt(1));
      bh.consume(rs.getString(2));
      bh.consume(rs.getString(3));
      bh.consume(rs.getString(4));
      bh.consume(rs.getObject(5));
    }
  }
}
