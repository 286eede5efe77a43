package io.phiguard.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON Lines file sink: one canonical record per line, appended and forced once per batch. The
 * file is locked by one process; records already present (by writer and seq) are skipped. A
 * half-written last line left by a crash is dropped on open (the shipper sends it again).
 */
public final class JsonLinesSink implements AuditSink {
  private final Path file;
  private final FileChannel channel;
  private final WriterLock lock;
  private final Map<String, Long> lastSeq = new HashMap<>();

  private JsonLinesSink(Path file, FileChannel channel, WriterLock lock) throws IOException {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    JournalTail.Tail tail = JournalTail.inspect(channel);
    if (tail.tornBytes() > 0) {
      channel.truncate(tail.validEnd());
      channel.force(true);
    }
    channel.position(tail.validEnd());
    try (LineReader in = LineReader.open(file, 0)) {
      String line;
      while ((line = in.next()) != null) {
        AuditRecord r = AuditRecordCodec.parse(line);
        lastSeq.merge(r.writerId(), r.seq(), Math::max);
      }
    } catch (IllegalArgumentException e) {
      throw new IOException("audit sink " + file + " holds a line that is not a record", e);
    }
  }

  /** Opens (creating) and locks the sink file; the path must be absolute. */
  public static JsonLinesSink open(Path file) throws AuditSinkException {
    if (!file.isAbsolute()) {
      throw new IllegalArgumentException("the audit sink path must be absolute: " + file);
    }
    FileChannel ch = null;
    WriterLock lock = null;
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      lock = WriterLock.tryAcquire(file);
      if (lock == null) {
        throw new AuditSinkException("audit sink " + file + " is in use by another sink");
      }
      ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      return new JsonLinesSink(file, ch, lock);
    } catch (IOException | RuntimeException e) {
      close(ch);
      if (lock != null) {
        lock.close();
      }
      throw new AuditSinkException("cannot open the audit sink " + file, e);
    } catch (AuditSinkException e) {
      close(ch);
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
  }

  @Override
  public synchronized void store(List<AuditRecord> records) throws AuditSinkException {
    StringBuilder lines = new StringBuilder();
    Map<String, Long> after = new HashMap<>(lastSeq);
    for (AuditRecord r : records) {
      long have = after.getOrDefault(r.writerId(), 0L);
      if (r.seq() <= have) {
        continue; // already stored: a batch sent again after a failure
      }
      lines.append(AuditRecordCodec.toJson(r)).append('\n');
      after.put(r.writerId(), r.seq());
    }
    if (lines.length() == 0) {
      return;
    }
    long before = -1;
    try {
      before = channel.position();
      ByteBuffer buf = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(false);
    } catch (IOException e) {
      try {
        if (before >= 0) {
          channel.truncate(before);
          channel.position(before);
        }
      } catch (IOException ignored) {
        // the torn tail is dropped on the next open
      }
      throw new AuditSinkException("cannot write the audit sink " + file, e);
    }
    lastSeq.putAll(after);
  }

  @Override
  public void ping() throws AuditSinkException {
    if (!channel.isOpen()) {
      throw new AuditSinkException("audit sink " + file + " is closed");
    }
  }

  /** The sink file, for {@link AuditVerifier#verifyJsonLines}. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() throws AuditSinkException {
    try {
      channel.close();
    } catch (IOException e) {
      throw new AuditSinkException("cannot close the audit sink " + file, e);
    } finally {
      lock.close();
    }
  }

  private static void close(FileChannel ch) {
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
    return "JsonLinesSink[" + file + "]";
  }
}
