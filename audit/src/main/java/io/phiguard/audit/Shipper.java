package io.phiguard.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Moves journal records to a sink in order, in batches (group commit), from a background thread.
 *
 * <p>The journal is the spool: nothing is deleted from it, and the shipper remembers how far it got
 * in a small position file ({@code writer}, byte {@code offset}, {@code seq}), replaced atomically
 * after each batch the sink confirmed. After a failure it retries the same batch with exponential
 * backoff; sinks skip records they already hold, so a batch sent twice is harmless. Only complete
 * lines are shipped: a line still being written, or a torn tail, stays behind.
 */
public final class Shipper implements AutoCloseable {
  private final ShipperOptions options;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Object shipping = new Object();
  private volatile boolean reachable = true;
  private volatile boolean running;
  private volatile String lastError;
  private Thread thread;
  private Position position;
  private boolean nudged;
  private long lastPingNanos = System.nanoTime();

  /** Where shipping stands: the writer, the byte offset after the last shipped line, its seq. */
  record Position(String writer, long offset, long seq) {}

  private Shipper(ShipperOptions options, Position position) {
    this.options = options;
    this.position = position;
  }

  /** A shipper resuming from its position file (if any); call {@link #start} to run it. */
  public static Shipper create(ShipperOptions options) throws IOException {
    return new Shipper(options, readPosition(options.positionFile()));
  }

  /**
   * Ships every complete record now in the journal, synchronously, batch by batch.
   *
   * @return the number of records shipped
   * @throws AuditSinkException when the sink refuses a batch (shipping resumes from that batch)
   */
  public int shipAvailable() throws AuditSinkException, IOException {
    synchronized (shipping) {
      Path journal = options.journal();
      if (!Files.exists(journal)) {
        return 0;
      }
      String journalWriter = firstWriter(journal);
      if (journalWriter == null) {
        return 0;
      }
      if (!journalWriter.equals(position.writer()) || position.offset() > Files.size(journal)) {
        // a new journal (new writer id): start from its beginning
        position = new Position(journalWriter, 0, 0);
      }
      int shipped = 0;
      while (true) {
        List<AuditRecord> batch = new ArrayList<>(options.batchSize());
        long end;
        try (LineReader in = LineReader.open(journal, position.offset())) {
          String line;
          while (batch.size() < options.batchSize() && (line = in.next()) != null) {
            try {
              batch.add(AuditRecordCodec.parse(line));
            } catch (IllegalArgumentException e) {
              throw new IOException(
                  "journal line after offset "
                      + position.offset()
                      + " is not a record; run the verifier",
                  e);
            }
          }
          end = in.offset();
        }
        if (batch.isEmpty()) {
          return shipped;
        }
        try {
          options.sink().store(batch);
        } catch (AuditSinkException e) {
          reachable = false;
          throw e;
        }
        reachable = true;
        position = new Position(journalWriter, end, batch.get(batch.size() - 1).seq());
        writePosition(options.positionFile(), position);
        shipped += batch.size();
      }
    }
  }

  /** Starts the background thread ({@code phiguard-audit-shipper}, a daemon). */
  public void start() {
    lock.lock();
    try {
      if (thread != null) {
        throw new IllegalStateException("already started");
      }
      running = true;
      thread = new Thread(this::loop, "phiguard-audit-shipper");
      thread.setDaemon(true);
      thread.start();
    } finally {
      lock.unlock();
    }
  }

  /** Asks the background thread to look at the journal now (e.g. after an append). */
  public void wakeUp() {
    lock.lock();
    try {
      nudged = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    int failures = 0;
    while (running) {
      long waitNanos;
      try {
        int n = shipAvailable();
        failures = 0;
        lastError = null;
        if (n == 0) {
          probeIfIdle();
          AuditJournal journal = options.checkpointSource();
          if (journal != null) {
            journal.checkpointIfDue();
          }
        }
        waitNanos = n == 0 ? options.pollInterval().toNanos() : 0;
      } catch (AuditSinkException | IOException | AuditUnavailableException | RuntimeException e) {
        failures++;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        waitNanos = backoffNanos(failures);
      }
      pause(waitNanos, failures > 0);
    }
  }

  private void probeIfIdle() {
    long now = System.nanoTime();
    if (now - lastPingNanos < options.pingInterval().toNanos()) {
      return;
    }
    lastPingNanos = now;
    try {
      options.sink().ping();
      reachable = true;
    } catch (AuditSinkException e) {
      reachable = false;
    }
  }

  private long backoffNanos(int failures) {
    long min = options.backoffMin().toNanos();
    long max = options.backoffMax().toNanos();
    int shift = Math.min(failures - 1, 30);
    long d = min << shift;
    return d <= 0 || d > max ? max : d;
  }

  private void pause(long nanos, boolean backingOff) {
    if (nanos <= 0) {
      return;
    }
    lock.lock();
    try {
      long left = nanos;
      // a wake-up shortens an idle wait, never a backoff
      while (running && left > 0 && (backingOff || !nudged)) {
        left = wake.awaitNanos(left);
      }
      nudged = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the last attempt to store or probe reached the sink. */
  public boolean sinkReachable() {
    return reachable;
  }

  /**
   * Whether the driver may run statements: always with {@code spool: true}; with {@code spool:
   * false} only while the sink is reachable.
   */
  public boolean acceptsStatements() {
    return options.spool() || reachable;
  }

  /** Seq of the last record the sink confirmed (0 before the first). */
  public long shippedSeq() {
    synchronized (shipping) {
      return position.seq();
    }
  }

  /** The last failure of the background thread (class and message), or null after a success. */
  public String lastError() {
    return lastError;
  }

  /** Stops the background thread (waiting up to 3 s); records not shipped stay in the journal. */
  @Override
  public void close() throws InterruptedException {
    Thread t;
    lock.lock();
    try {
      running = false;
      wake.signalAll();
      t = thread;
    } finally {
      lock.unlock();
    }
    if (t != null) {
      t.join(TimeUnit.SECONDS.toMillis(3));
    }
  }

  /**
   * The seq up to which the shipper at {@code positionFile} ({@link ShipperOptions#positionFile})
   * says the sink confirmed {@code writer}'s records; 0 when it names another writer or none.
   */
  public static long shippedSeqOf(Path positionFile, String writer) throws IOException {
    Position p = readPosition(positionFile);
    return writer != null && writer.equals(p.writer()) ? p.seq() : 0;
  }

  private static String firstWriter(Path journal) throws IOException {
    try (LineReader in = LineReader.open(journal, 0)) {
      String line = in.next();
      if (line == null) {
        return null;
      }
      try {
        return AuditRecordCodec.parse(line).writerId();
      } catch (IllegalArgumentException e) {
        throw new IOException("the first journal line is not a record; run the verifier", e);
      }
    }
  }

  private static Position readPosition(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new Position(null, 0, 0);
    }
    String writer = null;
    long offset = 0;
    long seq = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String value = line.substring(eq + 1);
      try {
        switch (line.substring(0, eq)) {
          case "writer" -> writer = value;
          case "offset" -> offset = Long.parseLong(value);
          case "seq" -> seq = Long.parseLong(value);
          default -> {
            // unknown keys from a later version are ignored
          }
        }
      } catch (NumberFormatException e) {
        // an unreadable position only costs re-shipping: sinks skip what they hold
        return new Position(null, 0, 0);
      }
    }
    return new Position(writer, offset, seq);
  }

  private static void writePosition(Path file, Position p) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    byte[] text =
        ("writer=" + p.writer() + "\noffset=" + p.offset() + "\nseq=" + p.seq() + "\n")
            .getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(text);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public String toString() {
    return "Shipper[" + options.sink() + "]";
  }
}
