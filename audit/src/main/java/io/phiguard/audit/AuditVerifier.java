package io.phiguard.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * Checks journals and stores read-only and names the first bad record: edited ({@link
 * ProblemKind#MODIFIED}), deleted ({@link ProblemKind#MISSING}), forged or duplicated ({@link
 * ProblemKind#INSERTED}), out of order ({@link ProblemKind#REORDERED}), cut from the end ({@link
 * ProblemKind#TRUNCATED}, relative to a signed checkpoint kept elsewhere), or a checkpoint with a
 * bad signature.
 *
 * <p>Limits: without an outside checkpoint, records after the newest checkpoint can be cut from the
 * end unnoticed (at most {@link JournalOptions#checkpointEvery} records or {@link
 * JournalOptions#checkpointInterval}); someone holding the signing key can rewrite everything.
 */
public final class AuditVerifier {
  private final PublicKey key;

  /** A verifier trusting checkpoints signed by the private half of {@code key}. */
  public AuditVerifier(PublicKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /**
   * Verifies one writer's journal, using the checkpoints in its sidecar file ({@link
   * AuditJournal#checkpointFileOf}) as outside anchors when it exists.
   */
  public VerificationResult verifyJournal(Path journal) throws IOException {
    List<AuditRecord> anchors;
    try {
      anchors = checkpointsOf(journal);
    } catch (MalformedCheckpointException e) {
      return failed(
          new VerificationResult.Problem(
              null, 0, e.line, ProblemKind.MALFORMED, "checkpoint file " + e.getMessage()));
    }
    return verifyJournal(journal, anchors);
  }

  /**
   * The checkpoints in {@code journal}'s sidecar file ({@link AuditJournal#checkpointFileOf}), e.g.
   * as outside anchors for a store; empty when there is none. Signatures are checked when they are
   * used.
   *
   * @throws IOException when the file cannot be read or a line is not a record
   */
  public static List<AuditRecord> checkpointsOf(Path journal) throws IOException {
    Path sidecar = AuditJournal.checkpointFileOf(journal);
    List<AuditRecord> anchors = new ArrayList<>();
    if (Files.exists(sidecar)) {
      try (LineReader in = LineReader.open(sidecar, 0)) {
        String line;
        while ((line = in.next()) != null) {
          try {
            anchors.add(AuditRecordCodec.parse(line));
          } catch (IllegalArgumentException e) {
            throw new MalformedCheckpointException(in.lineNumber(), e.getMessage());
          }
        }
      }
    }
    return anchors;
  }

  /** A sidecar line that is not a record. */
  private static final class MalformedCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long line;

    MalformedCheckpointException(long line, String why) {
      super("line " + line + ": " + why);
      this.line = line;
    }
  }

  /** Verifies one writer's journal against the given signed checkpoints (e.g. from the sink). */
  public VerificationResult verifyJournal(Path journal, Collection<AuditRecord> anchors)
      throws IOException {
    try (LineReader in = LineReader.open(journal, 0)) {
      ChainCheck chain = new ChainCheck(null, key, anchors);
      VerificationResult.Problem problem = run(chain, entries(in, null));
      return new VerificationResult(
          chain.records(),
          chain.checkpoints(),
          chain.writer() == null ? Map.of() : Map.of(chain.writer(), chain.lastSeq()),
          problem == null ? in.partialTailBytes() : 0,
          problem,
          chain.recovered());
    }
  }

  /** Verifies a JSON Lines sink file, which may hold several writers' chains. */
  public VerificationResult verifyJsonLines(Path file, Collection<AuditRecord> anchors)
      throws IOException {
    Set<String> writers = new LinkedHashSet<>();
    try (LineReader in = LineReader.open(file, 0)) {
      String line;
      while ((line = in.next()) != null) {
        ChainCheck.Entry e = ChainCheck.Entry.of(in.lineNumber(), line);
        if (e.record() == null || e.record().writerId() == null) {
          return failed(
              new VerificationResult.Problem(
                  null,
                  0,
                  e.position(),
                  ProblemKind.MALFORMED,
                  e.record() == null ? e.error() : "chain fields missing"));
        }
        writers.add(e.record().writerId());
      }
    }
    long records = 0;
    long checkpoints = 0;
    long recovered = 0;
    Map<String, Long> lastSeq = new LinkedHashMap<>();
    for (String writer : writers) {
      try (LineReader in = LineReader.open(file, 0)) {
        ChainCheck chain = new ChainCheck(writer, key, anchors);
        VerificationResult.Problem problem = run(chain, entries(in, writer));
        records += chain.records();
        checkpoints += chain.checkpoints();
        recovered += chain.recovered();
        lastSeq.put(writer, chain.lastSeq());
        if (problem != null) {
          return new VerificationResult(records, checkpoints, lastSeq, 0, problem, recovered);
        }
      }
    }
    return new VerificationResult(records, checkpoints, lastSeq, 0, null, recovered);
  }

  /**
   * Verifies one writer's chain given as stored lines in the store's order (e.g. {@link
   * JdbcSink#readChain}); positions count lines from 1.
   */
  public VerificationResult verifyChain(
      String writerId, Iterator<String> lines, Collection<AuditRecord> anchors) {
    Iterator<ChainCheck.Entry> entries =
        new Iterator<>() {
          long position;

          @Override
          public boolean hasNext() {
            return lines.hasNext();
          }

          @Override
          public ChainCheck.Entry next() {
            return ChainCheck.Entry.of(++position, lines.next());
          }
        };
    ChainCheck chain = new ChainCheck(writerId, key, anchors);
    VerificationResult.Problem problem = chain.run(entries);
    return new VerificationResult(
        chain.records(),
        chain.checkpoints(),
        Map.of(writerId, chain.lastSeq()),
        0,
        problem,
        chain.recovered());
  }

  private static VerificationResult.Problem run(ChainCheck chain, Iterator<ChainCheck.Entry> in)
      throws IOException {
    try {
      return chain.run(in);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static VerificationResult failed(VerificationResult.Problem problem) {
    return new VerificationResult(0, 0, Map.of(), 0, problem, 0);
  }

  /** The lines of {@code in} as entries; with a writer, only that writer's records. */
  private static Iterator<ChainCheck.Entry> entries(LineReader in, String writer) {
    return new Iterator<>() {
      private ChainCheck.Entry next;

      @Override
      public boolean hasNext() {
        if (next != null) {
          return true;
        }
        try {
          String line;
          while ((line = in.next()) != null) {
            ChainCheck.Entry e = ChainCheck.Entry.of(in.lineNumber(), line);
            if (writer == null || (e.record() != null && writer.equals(e.record().writerId()))) {
              next = e;
              return true;
            }
          }
          return false;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public ChainCheck.Entry next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ChainCheck.Entry e = next;
        next = null;
        return e;
      }
    };
  }
}
