package io.phiguard.cli;

import io.phiguard.audit.AuditRecord;
import io.phiguard.audit.AuditVerifier;
import io.phiguard.audit.CheckpointKeys;
import io.phiguard.audit.DatasourceUrls;
import io.phiguard.audit.ProblemKind;
import io.phiguard.audit.Shipper;
import io.phiguard.audit.ShipperOptions;
import io.phiguard.audit.VerificationResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./phiguard audit verify}: checks each journal and the store read-only (no lock, no write)
 * and prints one line per source; exit 0 when all are intact, {@value #EXIT_NOT_INTACT} naming the
 * first bad record otherwise.
 */
final class AuditVerify {
  /** Exit code when a source is not intact. */
  static final int EXIT_NOT_INTACT = 3;

  static final Set<String> OPTIONS = Set.of("--config", "--journal", "--store", "--public-key");

  private final PrintStream out;

  AuditVerify(PrintStream out) {
    this.out = out;
  }

  int run(Options o) throws UsageException, IOException {
    AuditTarget target = AuditTarget.of(o);
    AuditTarget.Key key = target.publicKey(o.get("--public-key"));
    out.println(
        "checkpoint key "
            + CheckpointKeys.keyId(key.key())
            + " from "
            + key.source()
            + (key.besideJournal()
                ? " (beside the journal: whoever can rewrite the journal can rewrite it too;"
                    + " pass --public-key with a copy kept elsewhere)"
                : ""));
    AuditVerifier verifier = new AuditVerifier(key.key());
    boolean intact = true;
    // what each journal's shipper says reached the store: the store must hold at least that much
    Map<String, Long> shipped = new LinkedHashMap<>();
    List<AuditRecord> anchors = new ArrayList<>();
    for (Path journal : target.journals()) {
      if (!Files.exists(journal)) {
        throw new IOException("no journal at " + journal);
      }
      VerificationResult r = verifier.verifyJournal(journal);
      boolean ok = report("journal " + journal, r);
      intact &= ok;
      if (!ok) {
        continue;
      }
      for (String writer : r.lastSeqByWriter().keySet()) {
        long seq = Shipper.shippedSeqOf(ShipperOptions.defaultPositionFile(journal), writer);
        shipped.put(writer, seq);
        for (AuditRecord cp : AuditVerifier.checkpointsOf(journal)) {
          // a checkpoint the shipper has not delivered yet is no evidence against the store
          if (writer.equals(cp.writerId()) && cp.seq() <= seq) {
            anchors.add(cp);
          }
        }
      }
    }
    Optional<String> store = target.store();
    if (store.isPresent()) {
      String label = "store " + DatasourceUrls.withoutCredentials(store.get());
      VerificationResult r = verifyStore(verifier, store.get(), anchors, shipped);
      intact &= report(label, r);
    }
    return intact ? 0 : EXIT_NOT_INTACT;
  }

  private static VerificationResult verifyStore(
      AuditVerifier verifier, String store, List<AuditRecord> anchors, Map<String, Long> shipped)
      throws IOException {
    VerificationResult r;
    if (AuditStore.isFile(store)) {
      Path file = AuditStore.file(store);
      if (!Files.exists(file)) {
        throw new IOException("no store file at " + file);
      }
      r = verifier.verifyJsonLines(file, anchors);
    } else {
      r = verifyDatabase(verifier, AuditStore.chains(store), anchors);
    }
    if (!r.ok()) {
      return r;
    }
    for (Map.Entry<String, Long> e : shipped.entrySet()) {
      long stored = r.lastSeqByWriter().getOrDefault(e.getKey(), 0L);
      if (stored < e.getValue()) {
        return new VerificationResult(
            r.records(),
            r.checkpoints(),
            r.lastSeqByWriter(),
            0,
            new VerificationResult.Problem(
                e.getKey(),
                stored + 1,
                0,
                ProblemKind.TRUNCATED,
                "the store ends at seq "
                    + stored
                    + " but the shipper recorded seq "
                    + e.getValue()
                    + " as stored"),
            r.recoveredTails());
      }
    }
    return r;
  }

  private static VerificationResult verifyDatabase(
      AuditVerifier verifier, Map<String, List<String>> chains, List<AuditRecord> anchors) {
    long records = 0;
    long checkpoints = 0;
    long recovered = 0;
    Map<String, Long> lastSeq = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> chain : chains.entrySet()) {
      VerificationResult r =
          verifier.verifyChain(chain.getKey(), chain.getValue().iterator(), anchors);
      records += r.records();
      checkpoints += r.checkpoints();
      recovered += r.recoveredTails();
      lastSeq.putAll(r.lastSeqByWriter());
      if (!r.ok()) {
        return new VerificationResult(records, checkpoints, lastSeq, 0, r.problem(), recovered);
      }
    }
    return new VerificationResult(records, checkpoints, lastSeq, 0, null, recovered);
  }

  private boolean report(String source, VerificationResult r) {
    StringBuilder line = new StringBuilder(source).append(": ");
    line.append(r.ok() ? "intact" : "NOT INTACT");
    line.append(", ").append(r.records()).append(" records");
    line.append(", ").append(r.checkpoints()).append(" checkpoints");
    line.append(", writers ");
    if (r.lastSeqByWriter().isEmpty()) {
      line.append("none");
    } else {
      List<String> writers = new ArrayList<>();
      r.lastSeqByWriter().forEach((w, seq) -> writers.add(w + " (to seq " + seq + ")"));
      line.append(String.join(", ", writers));
    }
    line.append(", ").append(r.recoveredTails()).append(" recovered tails");
    if (r.tornTailBytes() > 0) {
      line.append(", ")
          .append(r.tornTailBytes())
          .append(" bytes of torn tail not yet sealed (a crash, not tampering)");
    }
    out.println(line);
    r.firstProblem()
        .ifPresent(
            p ->
                out.println(
                    "  first bad record: "
                        + what(p.kind())
                        + ", writer "
                        + (p.writerId() == null ? "unknown" : p.writerId())
                        + ", seq "
                        + p.seq()
                        + (p.position() > 0 ? " (line/row " + p.position() + ")" : "")
                        + ": "
                        + p.reason()));
    return r.ok();
  }

  /** The problem as the README names it. */
  static String what(ProblemKind kind) {
    return kind == ProblemKind.TRUNCATED
        ? "truncated-after-checkpoint"
        : kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
