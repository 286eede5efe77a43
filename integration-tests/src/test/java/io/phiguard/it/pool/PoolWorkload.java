package io.phiguard.it.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Threads borrowing pooled connections in short units of work, each unit as a rotating identity.
 *
 * <p>A unit borrows one connection, prepares two statements and runs {@value #PER_UNIT} statements:
 * 10 prepared primary-key reads, 6 prepared inserts, 4 {@code executeUpdate}s, 3 {@code
 * executeQuery}s and 2 {@code execute}s. Units vary in how identity and connection meet:
 *
 * <ul>
 *   <li>every fifth unit runs outside any scope (the connection identity applies);
 *   <li>otherwise the scope opens before the borrow (even units) or after it (odd units, so the
 *       connection was borrowed under no identity and the scope closes before it is returned);
 *   <li>in some scoped units the last 6 statements run in a nested scope of another subject,
 *       including a prepared statement executed under a different identity than it was prepared.
 * </ul>
 */
final class PoolWorkload {
  static final int PER_UNIT = 25;
  static final int PREPARES_PER_UNIT = 2;
  static final int INSERTS_PER_UNIT = 6;
  static final int UPDATES_PER_UNIT = 4;
  static final int ITEMS = 1_000;

  private final DataSource dataSource;
  private final int threads;
  private final int unitsPerThread;
  final LongAdder statements = new LongAdder();
  final LongAdder borrowed = new LongAdder();
  final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();

  PoolWorkload(DataSource dataSource, int threads, int unitsPerThread) {
    this.dataSource = dataSource;
    this.threads = threads;
    this.unitsPerThread = unitsPerThread;
  }

  /** Creates the tables on a raw connection: the gate is not under test here. */
  static void createSchema(Connection raw, int threads) throws SQLException {
    try (Statement s = raw.createStatement()) {
      s.execute("drop table if exists pool_items, pool_log, pool_counters");
      s.execute("create table pool_items (id int primary key, name text not null, qty int)");
      s.execute(
          "insert into pool_items select g, 'item-' || g, g % 97 from generate_series(1, "
              + ITEMS
              + ") g");
      s.execute(
          "create table pool_log (id bigserial primary key, thread int not null, unit int not"
              + " null, seq int not null)");
      s.execute("create table pool_counters (thread int primary key, n bigint not null)");
      s.execute(
          "insert into pool_counters select g, 0 from generate_series(0, " + (threads - 1) + ") g");
    }
  }

  /** Runs all units on {@code threads} threads at once; waits at most {@code timeoutSeconds}. */
  void run(long timeoutSeconds) throws Exception {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            new java.util.concurrent.ThreadFactory() {
              private final AtomicInteger next = new AtomicInteger();

              @Override
              public Thread newThread(Runnable r) {
                return new Thread(r, "pool-worker-" + next.getAndIncrement());
              }
            });
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int u = 0; u < unitsPerThread; u++) {
                    try {
                      unit(thread, u);
                    } catch (Throwable e) {
                      errors.add(e);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      for (Future<?> future : futures) {
        future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  static String subject(int thread, int unit) {
    return "user-" + thread + "-r" + (unit % 3);
  }

  private void unit(int thread, int unit) throws SQLException {
    String nested = unit % 7 == 3 ? "user-" + thread + "-nested" : null;
    if (unit % 5 == 4) {
      try (Connection c = borrow()) {
        work(c, thread, unit, null);
      }
    } else if (unit % 2 == 0) {
      try (ExpectedIdentity.Scope scope = ExpectedIdentity.actingAs(subject(thread, unit));
          Connection c = borrow()) {
        work(c, thread, unit, nested);
      }
    } else {
      // borrowed before the scope opens; the scope closes before the connection goes back
      try (Connection c = borrow();
          ExpectedIdentity.Scope scope = ExpectedIdentity.actingAs(subject(thread, unit))) {
        work(c, thread, unit, nested);
      }
    }
  }

  private Connection borrow() throws SQLException {
    Connection c = dataSource.getConnection();
    borrowed.increment();
    return c;
  }

  private void work(Connection c, int thread, int unit, String nestedSubject) throws SQLException {
    try (PreparedStatement byId =
            c.prepareStatement("select id, name, qty from pool_items where id = ?");
        PreparedStatement log =
            c.prepareStatement("insert into pool_log (thread, unit, seq) values (?, ?, ?)");
        Statement st = c.createStatement()) {
      for (int i = 0; i < 9; i++) {
        readById(byId, 1 + (thread * 997 + unit * 31 + i) % ITEMS);
      }
      for (int seq = 0; seq < INSERTS_PER_UNIT; seq++) {
        log.setInt(1, thread);
        log.setInt(2, unit);
        log.setInt(3, seq);
        expect(log.executeUpdate() == 1, "insert did not insert one row");
        statements.increment();
      }
      for (int i = 0; i < UPDATES_PER_UNIT; i++) {
        int updated =
            st.executeUpdate("update pool_counters set n = n + 1 where thread = " + thread);
        expect(updated == 1, "update did not update one row");
        statements.increment();
      }
      try (ExpectedIdentity.Scope scope =
          nestedSubject == null ? null : ExpectedIdentity.actingAs(nestedSubject)) {
        // prepared under the unit's identity, executed here under the nested one when present
        readById(byId, 1 + (thread + unit) % ITEMS);
        for (int i = 1; i <= 3; i++) {
          try (ResultSet rs =
              st.executeQuery("select count(*) from pool_items where id <= " + i * 10)) {
            expect(rs.next() && rs.getLong(1) == i * 10L, "count(*) returned a wrong value");
          }
          statements.increment();
        }
        for (int i = 0; i < 2; i++) {
          int id = 1 + (unit * 7 + i) % ITEMS;
          expect(st.execute("select qty from pool_items where id = " + id), "no result set");
          try (ResultSet rs = st.getResultSet()) {
            expect(rs.next() && rs.getInt(1) == id % 97, "qty returned a wrong value");
          }
          statements.increment();
        }
      }
    }
  }

  private void readById(PreparedStatement byId, int id) throws SQLException {
    byId.setInt(1, id);
    try (ResultSet rs = byId.executeQuery()) {
      expect(rs.next(), "row " + id + " missing");
      expect(rs.getInt(1) == id && ("item-" + id).equals(rs.getString(2)), "wrong row");
      expect(!rs.next(), "more than one row");
    }
    statements.increment();
  }

  private static void expect(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }
}
