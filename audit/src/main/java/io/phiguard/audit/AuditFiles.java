package io.phiguard.audit;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Read-only access to a journal or JSON Lines sink for tools (export, inspection): complete lines
 * only, so a tail half-written by a crash, or a line the writer is appending right now, is skipped
 * rather than misread. Takes no lock and never writes.
 */
public final class AuditFiles {
  /** Receives one complete line. */
  @FunctionalInterface
  public interface LineConsumer {
    /**
     * @param lineNumber 1-based
     * @param line the line without its newline
     */
    void accept(long lineNumber, String line) throws IOException;
  }

  private AuditFiles() {}

  /**
   * Passes each complete line of {@code file} to {@code consumer}, in order.
   *
   * @return the bytes after the last complete line (a torn or growing tail), 0 if none
   */
  public static long forEachLine(Path file, LineConsumer consumer) throws IOException {
    try (LineReader in = LineReader.open(file, 0)) {
      String line;
      while ((line = in.next()) != null) {
        consumer.accept(in.lineNumber(), line);
      }
      return in.partialTailBytes();
    }
  }
}
