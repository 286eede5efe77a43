package io.phiguard.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
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
 * The raw H2 driver against the same in-memory database through {@code jdbc:phiguard:h2:…}, in the
 * same run. H2 in-memory has no network, so the difference is PhiGuard's own cost per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class H2Benchmarks {

  @Param({Drivers.RAW, Drivers.PHIGUARD})
  public String driver;

  private String url;
  private Connection connection;
  private PreparedStatement byId;
  private PreparedStatement scan;
  private Statement statement;
  private int nextId;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    url = "jdbc:h2:mem:" + Drivers.uniqueName("bench_") + ";DB_CLOSE_DELAY=-1";
    Properties credentials = Drivers.credentials("sa", "");
    try (Connection raw = DriverManager.getConnection(url, credentials)) {
      Drivers.createItems(raw);
    }
    connection = Drivers.open(driver, url, credentials);
    byId = connection.prepareStatement("select id, name, qty from items where id = ?");
    scan = connection.prepareStatement("select id, name, qty from items order by id");
    statement = connection.createStatement();
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    statement.close();
    scan.close();
    byId.close();
    connection.close();
    try (Connection raw = DriverManager.getConnection(url, Drivers.credentials("sa", ""));
        Statement s = raw.createStatement()) {
      s.execute("shutdown");
    }
  }

  /** (a) One row by primary key through a prepared statement, read fully. */
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

  /** (c) {@code Statement.executeQuery("select 1")}: the gate on a fresh SQL text each call. */
  @Benchmark
  public int statementSelectOne() throws SQLException {
    try (ResultSet rs = statement.executeQuery("select 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** (d) A 1,000-row result set, three getters per row: the wrapper's cost per call. */
  @Benchmark
  public void iterate1000RowsThreeColumns(Blackhole bh) throws SQLException {
    int rows = 0;
    try (ResultSet rs = scan.executeQuery()) {
      while (rs.next()) {
        bh.consume(rs.getInt(1));
        bh.consume(rs.getString(2));
        bh.consume(rs.getLong(3));
        rows++;
      }
    }
    if (rows != Drivers.ROWS) {
      throw new IllegalStateException(rows + " rows");
    }
  }
}
