package io.phiguard.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on {@code <file>.lock}, held by one object in one process.
 *
 * <p>Why a separate file and a registry: on Linux {@link FileChannel#tryLock} takes a POSIX record
 * lock, which the operating system drops when the process closes <em>any</em> descriptor of the
 * same file. A shipper or verifier that opened and closed the journal itself would silently unlock
 * it. So the lock lives on a file nothing else opens, and a second attempt from this process is
 * refused by the registry before it can open (and then close) that file.
 */
final class WriterLock implements AutoCloseable {
  private static final Set<String> HELD = ConcurrentHashMap.newKeySet();

  private final String key;
  private final FileChannel channel;
  private final FileLock lock;

  private WriterLock(String key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  static Path lockFileOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".lock");
  }

  /** The lock on {@code file}'s lock file, or null if another object or process holds it. */
  static WriterLock tryAcquire(Path file) throws IOException {
    Path lockFile = lockFileOf(file.toAbsolutePath().normalize());
    String key = lockFile.toString();
    if (!HELD.add(key)) {
      return null;
    }
    FileChannel ch = null;
    try {
      ch =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ch.close(); // this process held no lock on the file, so closing releases nothing
        HELD.remove(key);
        return null;
      }
      return new WriterLock(key, ch, lock);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      HELD.remove(key);
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // closing the channel releases the lock in any case
    } finally {
      HELD.remove(key);
    }
  }
}
