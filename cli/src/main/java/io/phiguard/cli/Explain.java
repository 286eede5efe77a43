package io.phiguard.cli;

import io.phiguard.driver.Explanation;
import io.phiguard.driver.PhiGuard;
import io.phiguard.driver.PhiGuardDriver;
import io.phiguard.policy.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * {@code ./phiguard explain}: what PhiGuard would do with one statement for one identity, against a
 * real database's catalog, without running it. Exit 0 when it would run (unchanged or masked), 4
 * when it would be refused, 2 on a usage error, 1 when the database or policy cannot be read.
 */
final class Explain {
  static final int REFUSED = 4;
  private static final String USAGE =
      """
      usage: ./phiguard explain --url JDBC_URL --config phiguard.yaml [--user U] [--password-env VAR]
                                [--subject S] [--groups G1,G2] [--purpose P] [--agent A]
                                [--on-behalf-of S1,S2] (SQL | -)

        --url      the database, with or without the jdbc:phiguard: prefix
        --config   the policy file
        --subject  who runs the statement, as an application asserts it (PhiGuard.actingAs);
                   default: the identity the connection properties give (none)
        SQL        the statement, or - to read it from standard input
      exit: 0 it would run (unchanged or masked), 4 it would be refused, 2 usage, 1 error
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final InputStream in;

  Explain(PrintStream out, PrintStream err, InputStream in) {
    this.out = out;
    this.err = err;
    this.in = in;
  }

  int run(String[] args) throws SQLException, IOException {
    String url = null;
    String config = null;
    String user = null;
    String passwordEnv = null;
    String subject = null;
    List<String> groups = List.of();
    List<String> onBehalfOf = List.of();
    String purpose = null;
    String agent = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.equals("-")) {
        rest.add(arg);
        continue;
      }
      if (i + 1 >= args.length) {
        return usage(arg + " needs a value");
      }
      String value = args[++i];
      switch (arg) {
        case "--url" -> url = value;
        case "--config" -> config = value;
        case "--user" -> user = value;
        case "--password-env" -> passwordEnv = value;
        case "--subject" -> subject = value;
        case "--groups" -> groups = list(value);
        case "--on-behalf-of" -> onBehalfOf = list(value);
        case "--purpose" -> purpose = value;
        case "--agent" -> agent = value;
        default -> {
          return usage("unknown option " + arg);
        }
      }
    }
    if (url == null || config == null) {
      return usage("--url and --config are required");
    }
    if (rest.size() != 1) {
      return usage("give exactly one statement (quote it), or - to read it from standard input");
    }
    String sql =
        rest.get(0).equals("-")
            ? new String(in.readAllBytes(), StandardCharsets.UTF_8)
            : rest.get(0);
    Path policy = Path.of(config);
    if (!Files.isReadable(policy)) {
      err.println("phiguard explain: cannot read the policy file " + policy);
      return 1;
    }
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (passwordEnv != null) {
      String password = System.getenv(passwordEnv);
      if (password == null) {
        err.println("phiguard explain: environment variable " + passwordEnv + " is not set");
        return 1;
      }
      props.setProperty("password", password);
    }
    props.setProperty("phiguard.config", policy.toAbsolutePath().toString());
    if (!url.startsWith("jdbc:")) {
      return usage("--url must be a JDBC URL (jdbc:postgresql://…, jdbc:mariadb://…, jdbc:h2:…)");
    }
    String guardedUrl =
        url.startsWith("jdbc:phiguard:") ? url : "jdbc:phiguard:" + url.substring(5);
    try (Connection connection = new PhiGuardDriver().connect(guardedUrl, props)) {
      if (connection == null) {
        return usage("no driver accepts " + url);
      }
      Explanation explanation =
          subject == null
              ? PhiGuard.explain(connection, sql)
              : PhiGuard.explain(
                  connection, sql, identity(subject, groups, onBehalfOf, purpose, agent));
      out.print(explanation.render());
      return explanation.sqlToRun() != null ? 0 : REFUSED;
    } finally {
      PhiGuard.shutdown();
    }
  }

  private static Identity identity(
      String subject, List<String> groups, List<String> onBehalfOf, String purpose, String agent) {
    Identity.Builder builder =
        Identity.of(subject)
            .groups(groups.toArray(String[]::new))
            .onBehalfOf(onBehalfOf.toArray(String[]::new));
    if (purpose != null) {
      builder.purpose(purpose);
    }
    if (agent != null) {
      builder.agent(agent);
    }
    return builder.build();
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private int usage(String problem) {
    err.println("phiguard explain: " + problem);
    err.print(USAGE);
    return 2;
  }
}
