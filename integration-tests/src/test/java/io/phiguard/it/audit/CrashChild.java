package io.phiguard.it.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The child JVM of {@link AuditCrashIT}: runs {@code statements} INSERTs on {@code threads} threads
 * through {@code jdbc:phiguard:}, one connection per thread with subject {@code
 * crash-r<run>-t<thread>}, each inserting rows {@code (run, thread, 0..n-1)} in order with
 * auto-commit, so that the parent can match every committed row to its thread's decision records.
 * It exits normally (shutdown hook: ship and seal the journal) unless it is killed first.
 *
 * <p>Arguments: phiguard URL, policy file, user, password, run, threads, statements.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int run = Integer.parseInt(args[4]);
    int threads = Integer.parseInt(args[5]);
    int perThread = Integer.parseInt(args[6]) / threads;
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Properties properties = new Properties();
      properties.setProperty("user", args[2]);
      properties.setProperty("password", args[3]);
      properties.setProperty("phiguard.config", args[1]);
      properties.setProperty("phiguard.subject", subject(run, t));
      int thread = t;
      Thread worker =
          new Thread(
              () -> {
                try (Connection c = DriverManager.getConnection(url, properties);
                    PreparedStatement insert =
                        c.prepareStatement(
                            "INSERT INTO crash_rows (run, thread, n) VALUES (?, ?, ?)")) {
                  for (int n = 0; n < perThread; n++) {
                    insert.setInt(1, run);
                    insert.setInt(2, thread);
                    insert.setInt(3, n);
                    insert.executeUpdate();
                  }
                } catch (Exception e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              },
              "crash-writer-" + t);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (!failures.isEmpty()) {
      failures.get(0).printStackTrace();
      System.exit(2);
    }
  }

  static String subject(int run, int thread) {
    return "crash-r" + run + "-t" + thread;
  }
}
