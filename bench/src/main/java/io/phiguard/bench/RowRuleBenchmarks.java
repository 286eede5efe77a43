package io.phiguard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * (i) What a {@code rows > N} rule costs a lookup by primary key on PostgreSQL, with a new key at
 * every execution: {@code raw} pgjdbc; {@code policy}: {@code jdbc:phiguard:} with a policy (gate
 * and audit journal) but no row rule on the table; {@code rowRule}: the same with {@code rows >
 * 100} on it, so every execution is row-checked (planner estimate: asked for the first few keys,
 * then known for the statement text) and read under the row cap ({@code setMaxRows(101)}). Server
 * as in {@link PostgresBenchmarks}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RowRuleBenchmarks {

  @Param({"raw", "policy", "rowRule"})
  public String path;

  private BenchPostgres database;
  private Path dir;
  private Connection connection;
  private PreparedStatement byId;
  private int nextId;

  @Setup(Level.Trial)
  public void open() throws SQLException, IOException {
    database = new BenchPostgres();
    dir = Files.createTempDirectory("phiguard-bench-rows");
    if ("raw".equals(path)) {
      connection = Drivers.open(Drivers.RAW, database.url, database.credentials);
    } else {
      String rule =
          "rowRule".equals(path)
              ? "    - { name: large-read, when: \"rows > 100\", tables: [items], approvers: [dba] }\n"
              : "    - { name: schema-change, when: ddl, approvers: [dba] }\n";
      Path policy =
          Files.writeString(
              dir.resolve("phiguard.yaml"),
              "version: 1\nprotect:\n  patients:\n    ssn: redact\napprovals:\n"
                  + "  server: http://127.0.0.1:1\n  rules:\n"
                  + rule
                  + "audit:\n  store: file:"
                  + dir.resolve("store/audit.jsonl")
                  + "\n  journal: "
                  + dir.resolve("journal")
                  + "\n");
      Properties properties = new Properties();
      properties.putAll(database.credentials);
      properties.setProperty("phiguard.config", policy.toString());
      properties.setProperty("phiguard.subject", "analyst");
      connection = Drivers.open(Drivers.PHIGUARD, database.url, properties);
    }
    byId = connection.prepareStatement("select id, name, qty from items where id = ?");
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException, IOException {
    try {
      byId.close();
      connection.close();
    } finally {
      database.drop();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** (i) One row by primary key, a new key each time, read fully. */
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
