package io.phiguard.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a JSON Lines file read-only from a byte offset, one complete ({@code \n}-terminated) line
 * at a time, keeping track of the offset after each line. A final line without {@code \n} is not
 * returned as a line; {@link #partialTailBytes} tells how long it was.
 */
final class LineReader implements AutoCloseable {
  private final FileChannel channel;
  private final InputStream in;
  private long offset;
  private long lineNumber;
  private long partialTailBytes;

  private LineReader(FileChannel channel, long offset) throws IOException {
    this.channel = channel;
    channel.position(offset);
    this.in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
    this.offset = offset;
  }

  /** Opens {@code file} read-only (no lock: readers never disturb the writer). */
  static LineReader open(Path file, long offset) throws IOException {
    return new LineReader(FileChannel.open(file, StandardOpenOption.READ), offset);
  }

  /** The next complete line without its newline, or null at the end. */
  String next() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        offset += line.size() + 1L;
        lineNumber++;
        return line.toString(StandardCharsets.UTF_8);
      }
      line.write(b);
    }
    partialTailBytes = line.size();
    return null;
  }

  /** The byte offset just after the last line returned. */
  long offset() {
    return offset;
  }

  /** 1-based number of the last line returned, counted from the starting offset. */
  long lineNumber() {
    return lineNumber;
  }

  /** After {@link #next} returned null: bytes after the last complete line. */
  long partialTailBytes() {
    return partialTailBytes;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
