package io.phiguard.cli;

import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;

/** {@code ./phiguard}: the user's entry point. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the process exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    String command = args.length == 0 ? "help" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    try {
      return switch (command) {
        case "demo" -> new Demo(out).run(rest);
        case "explain" -> new Explain(out, err, System.in).run(rest);
        case "audit" -> new AuditCommand(out, err).run(rest);
        case "approvals" -> new ApprovalsServe(out, System::getenv).run(rest);
        case "help", "--help", "-h" -> {
          usage(out);
          yield 0;
        }
        default -> {
          err.println("phiguard: unknown command '" + command + "'");
          usage(err);
          yield 2;
        }
      };
    } catch (UsageException e) {
      err.println("phiguard " + command + ": " + e.getMessage());
      err.print(command.equals("audit") ? AuditCommand.USAGE : "");
      return 2;
    } catch (Exception e) {
      // a clear one-line answer, never a stack trace
      err.println("phiguard " + command + ": " + describe(e));
      return 1;
    }
  }

  private static String describe(Exception e) {
    // file-system exceptions carry only the path as their message
    if (e instanceof NoSuchFileException) {
      return "no such file " + e.getMessage();
    }
    if (e instanceof AccessDeniedException) {
      return "not allowed to read or write " + e.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void usage(PrintStream out) {
    out.println(
        """
        usage: ./phiguard <command>

          demo     run the guarded driver against an embedded H2 database and show each decision
          explain  what PhiGuard would do with one statement for one identity (./phiguard explain)
          audit    verify the audit journal and store (tamper check) or export them (OCSF, JSON lines);
                   ./phiguard audit help
          approvals serve --config phiguard.yaml [--port N]
                   run the approval server (REST API, console, notifications; default port 8470)
          help     this text
        """);
  }
}
