package io.phiguard.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * (b) pgjdbc against {@code jdbc:phiguard:postgresql:…}, in the same run, on a throw-away database
 * {@code phiguard_bench_<random>} that is dropped afterwards.
 *
 * <p>Server: system properties {@code phiguard.bench.pg.url} (an existing database to connect to
 * for CREATE/DROP DATABASE; default {@code jdbc:postgresql://127.0.0.1:5432/postgres}), {@code
 * phiguard.bench.pg.user} (default {@code postgres}) and {@code phiguard.bench.pg.password}
 * (default empty). Pass them to the forked JVMs with {@code -jvmArgsAppend
 * "-Dphiguard.bench.pg.url=…"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PostgresBenchmarks {

  @Param({Drivers.RAW, Drivers.PHIGUARD})
  public String driver;

  private BenchPostgres database;
  private Connection connection;
  private PreparedStatement byId;
  private int nextId;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    database = new BenchPostgres();
    connection = Drivers.open(driver, database.url, database.credentials);
    byId = connection.prepareStatement("select id, name, qty from items where id = ?");
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    try {
      byId.close();
      connection.close();
    } finally {
      database.drop();
    }
  }

  /** (b) One row by primary key through a prepared statement, read fully. */
  @Benchmark
  public void preparedSelectByPrimaryKey(Blackhole bh) throws SQLException {
    nextId = nextId % Drivers.ROWS + 1;
    byId.setInt(1, nextId);
    try (ResultSet rs = byId.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("row " + nextId + " missing");
      }
      bh.consume(rs.getInt(1));
      bh.consume(rs.getString(2));
      bh.consume(rs.getLong(3));
    }
  }
}
