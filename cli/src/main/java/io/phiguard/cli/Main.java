package io.phiguard.cli;

import java.io.PrintStream;
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
    } catch (Exception e) {
      // a clear one-line answer, never a stack trace
      err.println("phiguard " + command + ": " + e.getMessage());
      return 1;
    }
  }

  private static void usage(PrintStream out) {
    out.println(
        """
        usage: ./phiguard <command>

          demo     run the guarded driver against an embedded H2 database and show each decision
          explain  what PhiGuard would do with one statement for one identity (./phiguard explain)
          approvals serve --config phiguard.yaml [--port N]
                   run the approval server (REST API, console, notifications; default port 8470)
          help     this text
        """);
  }
}
