package io.phiguard.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;

/** {@code ./phiguard audit verify|export}. */
final class AuditCommand {
  static final String USAGE =
      """
      usage: ./phiguard audit verify [--config phiguard.yaml] [--journal PATH]... [--store URL|none]
                                     [--public-key FILE]
             ./phiguard audit export --format ocsf|jsonl [--config phiguard.yaml] [--journal PATH]...
                                     [--from journal|store] [--store URL] [--out FILE] [--since ISO]

        verify  checks the journal(s) and the store read-only; exit 0 intact, 3 not intact
                (names the first bad record), 1 cannot read, 2 bad arguments
        export  OCSF Datastore Activity (class 6005) events or the native JSON lines
      """;

  private final PrintStream out;
  private final PrintStream err;

  AuditCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) throws UsageException, IOException {
    if (args.length == 0) {
      throw new UsageException("audit needs a subcommand: verify or export");
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    Set<String> repeatable = Set.of("--journal");
    return switch (args[0]) {
      case "verify" ->
          new AuditVerify(out).run(Options.parse(rest, AuditVerify.OPTIONS, repeatable));
      case "export" ->
          new AuditExport(out, err).run(Options.parse(rest, AuditExport.OPTIONS, repeatable));
      case "help", "--help", "-h" -> {
        out.print(USAGE);
        yield 0;
      }
      default -> throw new UsageException("unknown audit subcommand '" + args[0] + "'");
    };
  }
}
