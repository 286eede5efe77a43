package io.phiguard.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer's append-only local journal: JSON Lines, one {@link AuditRecordCodec canonical} record
 * per line, hash-chained, with Ed25519-signed checkpoints every {@link
 * JournalOptions#checkpointEvery} records or {@link JournalOptions#checkpointInterval}.
 *
 * <p>{@link #append} returns only after the record is in the journal ({@link Durability}); any
 * failure throws {@link AuditUnavailableException} and the statement must not run. The journal is
 * locked for the life of this object (an OS lock on {@code <journal>.lock}), so a second writer —
 * another process or another journal object in this one — is refused.
 *
 * <p>On open, a tail half-written by a crash is truncated and sealed with a {@link
 * RecordKind#RECOVERED} record naming its length and SHA-256. Each checkpoint is also appended to
 * the sidecar file {@link #checkpointFileOf} so that a verifier can notice records cut from the end
 * of the journal.
 *
 * <p>With {@link JournalOptions#backgroundCheckpoints} a daemon thread signs and forces periodic
 * checkpoints, so no statement waits for a signature and an {@code fsync}: under the journal's lock
 * it signs the last record and appends the checkpoint right after it (the chain stays in order),
 * then, without the lock, forces the journal and only then copies the checkpoint to the sidecar. A
 * failure there makes the journal refuse further records, as a failed append would.
 */
public final class AuditJournal implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JournalOptions options;
  private final FileChannel channel;
  private final WriterLock lock;
  private final FileChannel checkpoints;
  private final String writerId;
  private final ReentrantLock mutex = new ReentrantLock();
  // wakes the background checkpointer early: an append made a checkpoint due by count, or close
  private final Condition checkpointWanted = mutex.newCondition();
  // the sidecar is written by appenders (inline checkpoints) and the checkpointer without the mutex
  private final Object sidecarLock = new Object();
  private final AuditRecord recovered;
  private long lastSeq;
  private String lastHash;
  private long sinceCheckpoint;
  private Instant lastCheckpointAt;
  private boolean broken;
  private boolean closed;
  private boolean stopping;
  private Thread checkpointer;

  private AuditJournal(JournalOptions options, FileChannel channel, WriterLock lock)
      throws IOException, AuditUnavailableException {
    this.options = options;
    this.channel = channel;
    this.lock = lock;
    JournalTail.Tail tail = JournalTail.inspect(channel);
    AuditRecord last = null;
    if (tail.lastLine() != null) {
      last = lastRecord(tail.lastLine());
    }
    this.writerId = last != null ? last.writerId() : newWriterId(options.writerName());
    this.lastSeq = last != null ? last.seq() : 0;
    this.lastHash = last != null ? last.hash() : HashChain.GENESIS;
    this.sinceCheckpoint = last == null || last.kind() == RecordKind.CHECKPOINT ? 0 : 1;
    this.lastCheckpointAt = options.clock().instant();
    this.checkpoints =
        FileChannel.open(
            checkpointFileOf(options.path()),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    try {
      this.recovered = tail.tornBytes() > 0 ? recover(tail) : null;
      if (recovered == null) {
        channel.position(tail.validEnd());
      }
    } catch (IOException | AuditUnavailableException | RuntimeException e) {
      closeQuietly(checkpoints);
      throw e;
    }
  }

  /** Cuts the torn tail and seals the cut with a RECOVERED record. */
  private AuditRecord recover(JournalTail.Tail tail) throws IOException, AuditUnavailableException {
    channel.truncate(tail.validEnd());
    channel.force(true);
    channel.position(tail.validEnd());
    AuditRecord marker =
        AuditRecord.builder(RecordKind.RECOVERED, options.clock().instant())
            .message(
                "torn tail truncated: "
                    + tail.tornBytes()
                    + " bytes at offset "
                    + tail.validEnd()
                    + ", sha256 "
                    + tail.tornSha256())
            .build();
    AuditRecord written = write(marker, true);
    sinceCheckpoint++;
    return written;
  }

  /**
   * Opens (creating if needed) and locks the journal, recovering a torn tail.
   *
   * @throws AuditUnavailableException if the file cannot be opened, is locked by another writer, or
   *     its last complete record is damaged (run the verifier; never append to a damaged chain)
   */
  public static AuditJournal open(JournalOptions options) throws AuditUnavailableException {
    Path path = options.path();
    FileChannel ch = null;
    WriterLock lock = null;
    try {
      Path parent = path.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      lock = WriterLock.tryAcquire(path);
      if (lock == null) {
        throw new AuditUnavailableException(
            "audit journal " + path + " is locked by another writer (one journal per writer)");
      }
      ch =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      AuditJournal journal = new AuditJournal(options, ch, lock);
      if (options.backgroundCheckpoints()) {
        journal.startCheckpointer();
      }
      return journal;
    } catch (IOException e) {
      closeQuietly(ch);
      if (lock != null) {
        lock.close();
      }
      throw new AuditUnavailableException("cannot open the audit journal " + path, e);
    } catch (AuditUnavailableException | RuntimeException e) {
      closeQuietly(ch);
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
  }

  /** The sidecar file holding copies of this journal's checkpoints. */
  public static Path checkpointFileOf(Path journal) {
    return journal.resolveSibling(journal.getFileName() + ".checkpoints");
  }

  /**
   * Appends a {@link RecordKind#DECISION}, {@link RecordKind#OUTCOME} or {@link
   * RecordKind#LINEAGE_MISS} draft and returns it as chained. Returns only after the record is
   * written ({@link Durability#WRITE}) or forced to disk ({@link Durability#FSYNC}); a checkpoint
   * follows when one is due.
   */
  public AuditRecord append(AuditRecord draft) throws AuditUnavailableException {
    if (draft.kind() != RecordKind.DECISION
        && draft.kind() != RecordKind.OUTCOME
        && draft.kind() != RecordKind.LINEAGE_MISS) {
      throw new IllegalArgumentException(
          "only DECISION, OUTCOME and LINEAGE_MISS records may be appended");
    }
    if (draft.writerId() != null) {
      throw new IllegalArgumentException("append a draft, not a chained record");
    }
    mutex.lock();
    try {
      AuditRecord written = write(draft, options.durability() == Durability.FSYNC);
      sinceCheckpoint++;
      if (checkpointDue()) {
        if (checkpointer == null || sinceCheckpoint >= 2L * options.checkpointEvery()) {
          // no background thread, or it fell behind: bound the records no checkpoint covers
          writeCheckpoint();
        } else {
          checkpointWanted.signal();
        }
      }
      return written;
    } finally {
      mutex.unlock();
    }
  }

  /** Writes a checkpoint if {@link JournalOptions#checkpointInterval} has passed since the last. */
  public void checkpointIfDue() throws AuditUnavailableException {
    mutex.lock();
    try {
      if (!closed && checkpointDue()) {
        writeCheckpoint();
      }
    } finally {
      mutex.unlock();
    }
  }

  /** Writes a checkpoint now unless the last record already is one; returns it if written. */
  public Optional<AuditRecord> checkpoint() throws AuditUnavailableException {
    mutex.lock();
    try {
      return sinceCheckpoint > 0 ? Optional.of(writeCheckpoint()) : Optional.empty();
    } finally {
      mutex.unlock();
    }
  }

  private boolean checkpointDue() {
    return sinceCheckpoint > 0
        && (sinceCheckpoint >= options.checkpointEvery()
            || !options
                .clock()
                .instant()
                .isBefore(lastCheckpointAt.plus(options.checkpointInterval())));
  }

  /** Writes, forces and anchors a checkpoint on the calling thread; the caller holds the mutex. */
  private AuditRecord writeCheckpoint() throws AuditUnavailableException {
    AuditRecord written = appendCheckpoint();
    try {
      anchor(written);
    } catch (IOException e) {
      throw new AuditUnavailableException(e.getMessage(), e.getCause());
    }
    return written;
  }

  /**
   * Signs the chain's last record and appends the checkpoint right after it, not yet forced; the
   * caller holds the mutex, so no record can come between the two.
   */
  private AuditRecord appendCheckpoint() throws AuditUnavailableException {
    CheckpointSigner signer = options.signer();
    AuditRecord draft =
        AuditRecord.builder(RecordKind.CHECKPOINT, options.clock().instant())
            .checkpoint(lastSeq, lastHash, signer.keyId(), signer.sign(writerId, lastSeq, lastHash))
            .build();
    AuditRecord written = write(draft, false);
    sinceCheckpoint = 0;
    lastCheckpointAt = options.clock().instant();
    return written;
  }

  /**
   * Forces the journal (checkpoints are anchors: always forced, whatever the durability mode), then
   * copies the checkpoint to the sidecar file. Needs no mutex: {@code force} covers whatever was
   * written before it, including records appended after the checkpoint.
   */
  private void anchor(AuditRecord checkpoint) throws IOException {
    try {
      channel.force(false);
    } catch (IOException e) {
      throw new IOException(
          "cannot force the audit journal " + options.path() + " after a checkpoint",
          markBroken(e));
    }
    // only after the force: a sidecar entry must never vouch for records a power loss took
    ByteBuffer line =
        ByteBuffer.wrap(
            (AuditRecordCodec.toJson(checkpoint) + "\n").getBytes(StandardCharsets.UTF_8));
    synchronized (sidecarLock) {
      try {
        while (line.hasRemaining()) {
          checkpoints.write(line);
        }
        checkpoints.force(false);
      } catch (IOException e) {
        throw new IOException(
            "cannot write the checkpoint file " + checkpointFileOf(options.path()), e);
      }
    }
  }

  private IOException markBroken(IOException e) {
    mutex.lock();
    try {
      // a checkpoint that may not be on disk is followed by records that may not be either
      broken = true;
    } finally {
      mutex.unlock();
    }
    return e;
  }

  private void startCheckpointer() {
    Thread t = new Thread(this::runCheckpointer, "phiguard-audit-checkpointer");
    t.setDaemon(true);
    mutex.lock();
    try {
      checkpointer = t;
    } finally {
      mutex.unlock();
    }
    t.start();
  }

  /** The background thread: checkpoints when one is due by count (signalled) or by interval. */
  private void runCheckpointer() {
    mutex.lock();
    try {
      while (!stopping && !closed && !broken) {
        if (!checkpointDue()) {
          checkpointWanted.awaitNanos(untilIntervalNanos());
          continue;
        }
        AuditRecord checkpoint;
        try {
          checkpoint = appendCheckpoint();
        } catch (AuditUnavailableException e) {
          // the disk refused a line: the next append would fail the same way, and retrying here
          // would spin
          broken = true;
          break;
        }
        mutex.unlock();
        try {
          anchor(checkpoint);
        } catch (IOException | RuntimeException e) {
          // no caller to tell: refuse the next record rather than run statements on a journal
          // whose anchors are not on disk
          mutex.lock();
          broken = true;
          break;
        }
        mutex.lock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      mutex.unlock();
    }
  }

  private long untilIntervalNanos() {
    long interval = options.checkpointInterval().toNanos();
    if (sinceCheckpoint == 0) {
      return interval;
    }
    long left =
        Duration.between(
                options.clock().instant(), lastCheckpointAt.plus(options.checkpointInterval()))
            .toNanos();
    return Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(left, interval));
  }

  /** Stops the background checkpointer, waiting for a checkpoint it is anchoring. */
  private void stopCheckpointer() {
    Thread t;
    mutex.lock();
    try {
      stopping = true;
      checkpointWanted.signalAll();
      t = checkpointer;
    } finally {
      mutex.unlock();
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private AuditRecord write(AuditRecord draft, boolean force) throws AuditUnavailableException {
    if (closed) {
      throw new AuditUnavailableException("audit journal " + options.path() + " is closed");
    }
    if (broken) {
      throw new AuditUnavailableException(
          "audit journal " + options.path() + " failed earlier and refuses further records");
    }
    AuditRecord record = draft.chained(writerId, lastSeq + 1, lastHash);
    ByteBuffer bytes =
        ByteBuffer.wrap((AuditRecordCodec.toJson(record) + "\n").getBytes(StandardCharsets.UTF_8));
    long before = -1;
    try {
      before = channel.position();
      // one write(2) for the whole line: a killed process leaves all of it or a torn tail
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      if (force) {
        channel.force(false);
      }
    } catch (IOException e) {
      undo(before);
      throw new AuditUnavailableException("cannot write the audit journal " + options.path(), e);
    }
    lastSeq = record.seq();
    lastHash = record.hash();
    return record;
  }

  private void undo(long before) {
    try {
      if (before < 0) {
        broken = true;
        return;
      }
      channel.truncate(before);
      channel.position(before);
    } catch (IOException e) {
      // a partial line we cannot remove would break the chain for every later record
      broken = true;
    }
  }

  private AuditRecord lastRecord(String line) throws AuditUnavailableException {
    AuditRecord last;
    try {
      last = AuditRecordCodec.parse(line);
    } catch (IllegalArgumentException e) {
      throw damaged("is not a record (" + e.getMessage() + ")");
    }
    if (last.writerId() == null
        || last.seq() < 1
        || !HashChain.isHex64(last.prevHash())
        || !HashChain.isHex64(last.hash())
        || !AuditRecordCodec.toJson(last).equals(line)
        || !HashChain.hash(last).equals(last.hash())) {
      throw damaged("does not match its hash");
    }
    return last;
  }

  private AuditUnavailableException damaged(String why) {
    return new AuditUnavailableException(
        "the last record of audit journal "
            + options.path()
            + " "
            + why
            + "; verify the journal and start a new one");
  }

  private static String newWriterId(String name) {
    byte[] suffix = new byte[4];
    RANDOM.nextBytes(suffix);
    return name + "-" + HexFormat.of().formatHex(suffix);
  }

  /** {@code writerName-xxxxxxxx}, fixed for the life of the journal file. */
  public String writerId() {
    return writerId;
  }

  public Path path() {
    return options.path();
  }

  /** Seq of the last record written (0 for an empty journal). */
  public long lastSeq() {
    mutex.lock();
    try {
      return lastSeq;
    } finally {
      mutex.unlock();
    }
  }

  /** The {@link RecordKind#RECOVERED} record written when this open found a torn tail. */
  public Optional<AuditRecord> recovered() {
    return Optional.ofNullable(recovered);
  }

  /** Writes a final checkpoint if records followed the last one, then releases the lock. */
  @Override
  public void close() throws AuditUnavailableException {
    stopCheckpointer();
    mutex.lock();
    try {
      if (closed) {
        return;
      }
      try {
        if (sinceCheckpoint > 0 && !broken) {
          writeCheckpoint();
        }
      } finally {
        closed = true;
        closeQuietly(checkpoints);
        closeQuietly(channel);
        lock.close();
      }
    } finally {
      mutex.unlock();
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }

  @Override
  public String toString() {
    return "AuditJournal[" + writerId + " " + options.durability() + "]";
  }
}
