package io.phiguard.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Finds where a journal's last complete record ends. Bytes after it are a torn tail: a record whose
 * {@code write} a crash cut short (no final newline), or a block of NUL bytes a power loss left
 * where the file system had extended the file but not written it.
 */
final class JournalTail {
  private static final int BLOCK = 8192;

  /** Where the valid journal ends, what follows it, and its last complete line (or null). */
  record Tail(long validEnd, long tornBytes, String tornSha256, String lastLine) {}

  private JournalTail() {}

  static Tail inspect(FileChannel ch) throws IOException {
    long size = ch.size();
    long validEnd = lastNewlineBefore(ch, size) + 1;
    String lastLine = null;
    while (validEnd > 0) {
      long start = lastNewlineBefore(ch, validEnd - 1) + 1;
      byte[] line = read(ch, start, (int) Math.min(Integer.MAX_VALUE, validEnd - 1 - start));
      if (containsNul(line)) {
        validEnd = start; // a zero-filled "line" is part of the torn tail
        continue;
      }
      lastLine = new String(line, StandardCharsets.UTF_8);
      break;
    }
    long torn = size - validEnd;
    String tornSha = null;
    if (torn > 0) {
      MessageDigest sha = HashChain.sha256();
      for (long pos = validEnd; pos < size; pos += BLOCK) {
        sha.update(read(ch, pos, (int) Math.min(BLOCK, size - pos)));
      }
      tornSha = HexFormat.of().formatHex(sha.digest());
    }
    return new Tail(validEnd, torn, tornSha, lastLine);
  }

  /** Index of the last '\n' at a position below {@code before}, or -1. */
  private static long lastNewlineBefore(FileChannel ch, long before) throws IOException {
    long end = before;
    while (end > 0) {
      long start = Math.max(0, end - BLOCK);
      byte[] block = read(ch, start, (int) (end - start));
      for (int i = block.length - 1; i >= 0; i--) {
        if (block[i] == '\n') {
          return start + i;
        }
      }
      end = start;
    }
    return -1;
  }

  private static byte[] read(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        throw new IOException("journal shrank while it was read");
      }
    }
    return buf.array();
  }

  private static boolean containsNul(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return true;
      }
    }
    return false;
  }
}
