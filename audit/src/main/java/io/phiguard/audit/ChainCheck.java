package io.phiguard.audit;

import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * Walks one writer's records in stored order and names the first that breaks the chain. Holds a
 * bounded lookahead (not the whole chain) to tell a swap from a gap and a forgery from an edit.
 */
final class ChainCheck {
  private static final int LOOKAHEAD = 4096;

  /** One stored record: its position in the source, its text, and the parse result. */
  record Entry(long position, String text, AuditRecord record, String error) {
    static Entry of(long position, String text) {
      try {
        return new Entry(position, text, AuditRecordCodec.parse(text), null);
      } catch (IllegalArgumentException e) {
        return new Entry(position, text, null, e.getMessage());
      }
    }
  }

  private final PublicKey key;
  private final String keyId;
  private final Collection<AuditRecord> anchors;
  private final TreeMap<Long, AuditRecord> anchorsBySeq = new TreeMap<>();
  private String writer;
  private long expectedSeq = 1;
  private String prevHash = HashChain.GENESIS;
  private String prevPrevHash;
  private Entry lastAccepted;
  private long records;
  private long checkpoints;
  private long recovered;

  ChainCheck(String writer, PublicKey key, Collection<AuditRecord> anchors) {
    this.writer = writer;
    this.key = key;
    this.keyId = CheckpointKeys.keyId(key);
    this.anchors = anchors;
  }

  String writer() {
    return writer;
  }

  long records() {
    return records;
  }

  long checkpoints() {
    return checkpoints;
  }

  long recovered() {
    return recovered;
  }

  long lastSeq() {
    return expectedSeq - 1;
  }

  /** The first problem, or null when the whole chain holds. */
  VerificationResult.Problem run(Iterator<Entry> source) {
    Lookahead in = new Lookahead(source);
    if (writer != null) {
      VerificationResult.Problem p = loadAnchors();
      if (p != null) {
        return p;
      }
    }
    while (in.hasNext()) {
      Entry e = in.next();
      VerificationResult.Problem p = step(e, in);
      if (p != null) {
        return p;
      }
    }
    if (writer == null) {
      // an empty chain: any checkpoint anywhere vouches for records that are gone
      VerificationResult.Problem p = loadAnchors();
      if (p != null) {
        return p;
      }
    }
    if (!anchorsBySeq.isEmpty() && anchorsBySeq.lastKey() > lastSeq()) {
      long signed = anchorsBySeq.lastKey();
      return problem(
          expectedSeq,
          0,
          ProblemKind.TRUNCATED,
          "records "
              + expectedSeq
              + ".."
              + signed
              + " are missing: the chain ends at seq "
              + lastSeq()
              + " but a signed checkpoint covers seq "
              + signed);
    }
    return null;
  }

  private VerificationResult.Problem step(Entry e, Lookahead in) {
    if (e.record() == null) {
      return problem(expectedSeq, e.position(), ProblemKind.MALFORMED, e.error());
    }
    AuditRecord r = e.record();
    if (r.writerId() == null
        || r.seq() < 1
        || !HashChain.isHex64(r.prevHash())
        || !HashChain.isHex64(r.hash())) {
      return problem(expectedSeq, e.position(), ProblemKind.MALFORMED, "chain fields missing");
    }
    if (writer == null) {
      writer = r.writerId();
      VerificationResult.Problem p = loadAnchors();
      if (p != null) {
        return p;
      }
    }
    if (!writer.equals(r.writerId())) {
      return problem(r.seq(), e.position(), ProblemKind.FOREIGN_WRITER, "record of another writer");
    }
    if (!AuditRecordCodec.toJson(r).equals(e.text())) {
      return problem(r.seq(), e.position(), ProblemKind.MODIFIED, "not in canonical form");
    }
    if (!HashChain.hash(r).equals(r.hash())) {
      return problem(r.seq(), e.position(), ProblemKind.MODIFIED, "content does not match hash");
    }
    if (r.seq() > expectedSeq) {
      for (int k = 0; k < LOOKAHEAD; k++) {
        Entry ahead = in.peek(k);
        if (ahead == null) {
          break;
        }
        if (ahead.record() != null && ahead.record().seq() == expectedSeq) {
          return problem(
              r.seq(),
              e.position(),
              ProblemKind.REORDERED,
              "seq " + r.seq() + " is stored before seq " + expectedSeq);
        }
      }
      return problem(
          expectedSeq,
          e.position(),
          ProblemKind.MISSING,
          (r.seq() - expectedSeq == 1
                  ? "seq " + expectedSeq + " is missing"
                  : "seq " + expectedSeq + ".." + (r.seq() - 1) + " are missing")
              + " (next present: seq "
              + r.seq()
              + ")");
    }
    if (r.seq() < expectedSeq) {
      if (lastAccepted != null && r.hash().equals(lastAccepted.record().hash())) {
        return problem(r.seq(), e.position(), ProblemKind.INSERTED, "duplicate of seq " + r.seq());
      }
      if (r.seq() == expectedSeq - 1 && r.prevHash().equals(prevPrevHash)) {
        // the record accepted as seq n was not the writer's: the real seq n follows it
        return problem(
            r.seq(),
            lastAccepted.position(),
            ProblemKind.INSERTED,
            "seq " + r.seq() + " appears twice; the first does not belong to the chain");
      }
      return problem(
          r.seq(),
          e.position(),
          ProblemKind.REORDERED,
          "seq " + r.seq() + " is stored after seq " + (expectedSeq - 1));
    }
    if (!r.prevHash().equals(prevHash)) {
      Entry next = in.peek(0);
      if (lastAccepted != null
          && next != null
          && next.record() != null
          && next.record().seq() == r.seq() + 1
          && r.hash().equals(next.record().prevHash())) {
        // this record and its successor agree: the predecessor was edited and re-hashed
        return problem(
            r.seq() - 1,
            lastAccepted.position(),
            ProblemKind.MODIFIED,
            "seq "
                + (r.seq() - 1)
                + " was changed and re-hashed: seq "
                + r.seq()
                + " links elsewhere");
      }
      return problem(
          r.seq(),
          e.position(),
          ProblemKind.CHAIN_BROKEN,
          "seq " + r.seq() + " does not link to seq " + (r.seq() - 1));
    }
    if (r.kind() == RecordKind.CHECKPOINT) {
      VerificationResult.Problem p = checkCheckpoint(r, e.position());
      if (p != null) {
        return p;
      }
    }
    AuditRecord anchor = anchorsBySeq.get(r.seq());
    if (anchor != null && !anchor.coveredHash().equals(r.hash())) {
      return problem(
          r.seq(),
          e.position(),
          ProblemKind.CHECKPOINT_MISMATCH,
          "a signed checkpoint names another hash for seq " + r.seq());
    }
    if (r.kind() == RecordKind.RECOVERED) {
      recovered++;
    }
    prevPrevHash = prevHash;
    prevHash = r.hash();
    lastAccepted = e;
    expectedSeq++;
    records++;
    return null;
  }

  private VerificationResult.Problem checkCheckpoint(AuditRecord r, long position) {
    if (!keyId.equals(r.keyId()) || !CheckpointSigner.verify(r, key)) {
      return problem(
          r.seq(),
          position,
          ProblemKind.BAD_SIGNATURE,
          keyId.equals(r.keyId())
              ? "checkpoint signature does not verify"
              : "checkpoint signed by unknown key " + r.keyId());
    }
    if (r.coveredSeq() != r.seq() - 1 || !r.coveredHash().equals(r.prevHash())) {
      return problem(
          r.seq(),
          position,
          ProblemKind.CHECKPOINT_MISMATCH,
          "checkpoint does not cover the record before it");
    }
    checkpoints++;
    return null;
  }

  private VerificationResult.Problem loadAnchors() {
    for (AuditRecord a : anchors) {
      if (writer != null && !writer.equals(a.writerId())) {
        continue;
      }
      if (!keyId.equals(a.keyId()) || !CheckpointSigner.verify(a, key)) {
        return problem(
            a.seq(), 0, ProblemKind.BAD_SIGNATURE, "an outside checkpoint does not verify");
      }
      anchorsBySeq.merge(a.coveredSeq(), a, (x, y) -> x);
    }
    return null;
  }

  private VerificationResult.Problem problem(
      long seq, long position, ProblemKind kind, String reason) {
    return new VerificationResult.Problem(writer, seq, position, kind, reason);
  }

  /** An iterator with a bounded peek. */
  private static final class Lookahead {
    private final Iterator<Entry> source;
    private final ArrayDeque<Entry> buffer = new ArrayDeque<>();

    Lookahead(Iterator<Entry> source) {
      this.source = source;
    }

    boolean hasNext() {
      return !buffer.isEmpty() || source.hasNext();
    }

    Entry next() {
      return buffer.isEmpty() ? source.next() : buffer.removeFirst();
    }

    /** The k-th entry after the current one (0-based), or null. */
    Entry peek(int k) {
      while (buffer.size() <= k && source.hasNext()) {
        buffer.addLast(source.next());
      }
      if (buffer.size() <= k) {
        return null;
      }
      int i = 0;
      for (Entry e : buffer) {
        if (i++ == k) {
          return e;
        }
      }
      return null;
    }
  }
}
