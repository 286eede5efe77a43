package io.phiguard.audit;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Child-process helper for the crash test: appends decisions from several threads forever and
 * prints "seq\n" after each append returned, until it is killed.
 *
 * <p>Arguments: journal path, key-pair file, durability, threads.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    KeyPair keys = CheckpointKeys.readKeyPair(Path.of(args[1]));
    JournalOptions options =
        JournalOptions.builder(Path.of(args[0]), new CheckpointSigner(keys))
            .writerName("crash")
            .durability(Durability.valueOf(args[2]))
            .checkpointEvery(50)
            .build();
    AuditJournal journal = AuditJournal.open(options);
    Clock clock = Clock.systemUTC();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < Integer.parseInt(args[3]); t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int i = 0; ; i++) {
                    AuditRecord r = journal.append(TestRecords.decision(clock, i));
                    synchronized (System.out) {
                      System.out.println(r.seq());
                      System.out.flush();
                    }
                  }
                } catch (AuditUnavailableException e) {
                  throw new IllegalStateException(e);
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}
