package io.phiguard.audit;

import java.nio.file.Path;

/**
 * Child-process helper: opens an {@link AuditJournal} and prints "locked" (then holds it until
 * stdin closes) or "denied".
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    JournalOptions options =
        JournalOptions.builder(Path.of(args[0]), new CheckpointSigner(CheckpointKeys.generate()))
            .build();
    AuditJournal journal;
    try {
      journal = AuditJournal.open(options);
    } catch (AuditUnavailableException e) {
      System.out.print("denied");
      System.out.flush();
      return;
    }
    System.out.print("locked");
    System.out.flush();
    while (System.in.read() != -1) {
      // hold the journal
    }
    journal.close();
  }
}
