package io.phiguard.cli;

import io.phiguard.audit.AuditFiles;
import io.phiguard.audit.AuditRecord;
import io.phiguard.audit.AuditRecordCodec;
import io.phiguard.audit.OcsfExport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./phiguard audit export}: the journal's (or, with {@code --from store}, the store's)
 * records as OCSF Datastore Activity events ({@code --format ocsf}, decisions and outcomes only) or
 * as the native canonical JSON lines ({@code --format jsonl}, every record), optionally from {@code
 * --since} on. Reads only; export does not verify (run {@code audit verify} for that).
 */
final class AuditExport {
  static final Set<String> OPTIONS =
      Set.of("--config", "--journal", "--store", "--format", "--out", "--since", "--from");

  private final PrintStream out;
  private final PrintStream err;

  AuditExport(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(Options o) throws UsageException, IOException {
    String format = o.get("--format").orElseThrow(() -> new UsageException("--format is required"));
    if (!format.equals("ocsf") && !format.equals("jsonl")) {
      throw new UsageException("--format must be ocsf or jsonl");
    }
    Instant since = since(o.get("--since"));
    String from = o.get("--from").orElse("journal");
    if (!from.equals("journal") && !from.equals("store")) {
      throw new UsageException("--from must be journal or store");
    }
    AuditTarget target = AuditTarget.of(o);
    Optional<String> outFile = o.get("--out");
    Writer w =
        outFile.isPresent()
            ? Files.newBufferedWriter(Path.of(outFile.get()), StandardCharsets.UTF_8)
            : new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    Sink sink = new Sink(w, format.equals("ocsf"), since);
    try {
      if (from.equals("store")) {
        String store =
            target.store().orElseThrow(() -> new UsageException("--from store needs a store"));
        if (AuditStore.isFile(store)) {
          readFile(AuditStore.file(store), sink);
        } else {
          for (Map.Entry<String, List<String>> chain : AuditStore.chains(store).entrySet()) {
            long n = 0;
            for (String line : chain.getValue()) {
              sink.line(chain.getKey() + " row " + ++n, line);
            }
          }
        }
      } else {
        for (Path journal : target.journals()) {
          readFile(journal, sink);
        }
      }
    } finally {
      w.flush();
      if (outFile.isPresent()) {
        w.close();
      }
    }
    err.println(
        "phiguard audit export: "
            + sink.written
            + (sink.ocsf ? " OCSF events" : " records")
            + outFile.map(f -> " to " + f).orElse(""));
    return 0;
  }

  private static void readFile(Path file, Sink sink) throws IOException {
    if (!Files.exists(file)) {
      throw new IOException("no audit file at " + file);
    }
    AuditFiles.forEachLine(file, (n, line) -> sink.line(file + " line " + n, line));
  }

  private static Instant since(Optional<String> arg) throws UsageException {
    if (arg.isEmpty()) {
      return Instant.MIN;
    }
    String text = arg.get();
    try {
      return text.length() == 10
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "--since must be an ISO date or instant, e.g. 2026-03-01 or 2026-03-01T10:00:00Z");
    }
  }

  /** Writes the records that pass the time filter in the chosen format. */
  private static final class Sink {
    private final Writer w;
    private final boolean ocsf;
    private final Instant since;
    private long written;

    Sink(Writer w, boolean ocsf, Instant since) {
      this.w = w;
      this.ocsf = ocsf;
      this.since = since;
    }

    void line(String where, String line) throws IOException {
      AuditRecord r;
      try {
        r = AuditRecordCodec.parse(line);
      } catch (IllegalArgumentException e) {
        // never the line itself: name where it is
        throw new IOException(where + " is not an audit record; run ./phiguard audit verify");
      }
      if (r.time().isBefore(since)) {
        return;
      }
      if (ocsf) {
        Optional<String> event = OcsfExport.toOcsf(r);
        if (event.isEmpty()) {
          return;
        }
        w.write(event.get());
      } else {
        w.write(line);
      }
      w.write('\n');
      written++;
    }
  }
}
