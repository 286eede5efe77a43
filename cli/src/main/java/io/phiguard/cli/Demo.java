package io.phiguard.cli;

import io.phiguard.driver.GateDecision;
import io.phiguard.driver.GateListener;
import io.phiguard.driver.GateRequest;
import io.phiguard.driver.PhiGuard;
import io.phiguard.driver.PhiGuardConfig;
import io.phiguard.driver.PhiGuardDataSource;
import io.phiguard.policy.Identity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;

/**
 * {@code ./phiguard demo}: an embedded H2 database of synthetic patients behind PhiGuard. It shows
 * the gate seeing every statement with the identity of that moment, guarded back-references, a
 * refused {@code unwrap}, and a vendor error with the value removed.
 */
final class Demo {
  private final PrintStream out;

  Demo(PrintStream out) {
    this.out = out;
  }

  int run(String[] args) throws SQLException {
    out.println("PhiGuard demo: embedded H2, synthetic data only");
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:phiguard-demo;DB_CLOSE_DELAY=-1");
    GateListener printer =
        new GateListener() {
          @Override
          public void onDecision(GateRequest request, GateDecision decision) {
            out.printf(
                "  gate #%d  %-16s as %-28s %s%n",
                decision.id(),
                request.operation(),
                describe(request.identity()),
                oneLine(withoutLiterals(request.analysedSql())));
          }
        };
    PhiGuardDataSource guarded =
        PhiGuardDataSource.wrap(
            h2,
            PhiGuardConfig.builder()
                .listener(printer)
                .connectionIdentity(Identity.of("etl-service").build())
                .build());

    try (Connection connection = guarded.getConnection()) {
      step("1. Schema and synthetic rows, as the connection's identity");
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "create table patients (id int primary key, full_name varchar(80),"
                + " ssn varchar(11) unique, dob date)");
        statement.executeUpdate(
            "insert into patients values (1, 'Avery Canary', '900-11-0001', DATE '1961-02-03'),"
                + " (2, 'Blake Canary', '900-11-0002', {d '1975-06-07'})");
      }

      step("2. An AI agent acting for a clinician: the gate sees who, at execute time");
      Identity agent =
          Identity.of("claude-agent")
              .agent("claude")
              .onBehalfOf("dr.lee")
              .groups("research")
              .build();
      try (PreparedStatement byId =
          connection.prepareStatement("select full_name, dob from patients where id = ?")) {
        byId.setInt(1, 1);
        try (PhiGuard.Scope scope = PhiGuard.actingAs(agent)) {
          try (ResultSet rows = byId.executeQuery()) {
            while (rows.next()) {
              out.println("    -> " + rows.getString(1) + ", born " + rows.getDate(2));
            }
            out.println(
                "    result set's statement is the guarded one: " + (rows.getStatement() == byId));
          }
        }
      }

      step("3. No raw escape: unwrap to the H2 connection is refused");
      try {
        connection.unwrap(org.h2.jdbc.JdbcConnection.class);
      } catch (SQLException e) {
        out.println("    refused, SQLState " + e.getSQLState() + ": " + e.getMessage());
      }

      step("4. Vendor errors are rebuilt without the values they echo");
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate(
            "insert into patients values (3, 'Casey Canary', '900-11-0001', null)");
      } catch (SQLException e) {
        out.println("    SQLState " + e.getSQLState() + " (" + e.getClass().getSimpleName() + ")");
        out.println("    message: " + oneLine(e.getMessage()));
        out.println("    contains the duplicated SSN: " + e.getMessage().contains("900-11-0001"));
      }
    }

    step("5. The same through DriverManager: jdbc:phiguard: in front of any URL");
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:phiguard:h2:mem:phiguard-demo;phiguard.subject=report-job");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select count(*) from patients")) {
      rows.next();
      out.println("    " + rows.getInt(1) + " patients; connection is " + connection);
    }
    masking(h2);
    step("7. Approvals: an agent's export waits for a human; a bulk read stops at its row cap");
    new DemoApprovals(out).run(h2);
    return 0;
  }

  /** Step 6: a policy file protects patients; the same statements as analyst and clinician. */
  private void masking(JdbcDataSource h2) throws SQLException {
    step("6. A policy protects patients: masked for an analyst, raw for a clinician");
    Path policy;
    try {
      Path dir = Files.createTempDirectory("phiguard-demo");
      policy =
          Files.writeString(
              dir.resolve("phiguard.yaml"),
              """
              version: 1
              protect:
                patients:
                  ssn: partial(0, 4)
                  full_name: redact
                  dob: year
              unmask:
                - groups: [clinician]
                  purposes: [treatment]
              audit:
                store: file:./audit-store.jsonl
                journal: ./journal.jsonl
              """);
    } catch (IOException e) {
      throw new SQLException("cannot write the demo policy: " + e.getMessage(), e);
    }
    out.println("    policy: " + policy);
    PhiGuardDataSource guarded =
        PhiGuardDataSource.wrap(
            h2,
            PhiGuardConfig.builder()
                .policyFile(policy)
                .connectionIdentity(Identity.of("analyst").build())
                .build());
    String query = "select full_name, ssn, dob from patients where id = 1";
    try (Connection connection = guarded.getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery(query)) {
        rows.next();
        out.println(
            "    analyst:   "
                + rows.getString(1)
                + " | "
                + rows.getString(2)
                + " | "
                + rows.getDate(3));
      }
      Identity clinician = Identity.of("dr.lee").groups("clinician").purpose("treatment").build();
      try (PhiGuard.Scope scope = PhiGuard.actingAs(clinician);
          ResultSet rows = statement.executeQuery(query)) {
        rows.next();
        out.println(
            "    clinician: "
                + rows.getString(1)
                + " | "
                + rows.getString(2)
                + " | "
                + rows.getDate(3));
      }
      try {
        statement.executeQuery("select id from patients where ssn like '900%'");
      } catch (SQLException e) {
        out.println("    analyst filtering on ssn: SQLState " + e.getSQLState());
        out.println("      " + e.getMessage());
      }
    }
    Path journal = policy.resolveSibling("journal.jsonl");
    try {
      long records = Files.readAllLines(journal).size();
      out.println("    audit journal: " + journal + " (" + records + " records, no values)");
    } catch (IOException e) {
      out.println("    audit journal: " + journal + " (unreadable: " + e.getMessage() + ")");
    }
  }

  private void step(String title) {
    out.println("\n" + title);
  }

  private static String describe(Identity identity) {
    if (identity.isNone()) {
      return "(no identity)";
    }
    String who = identity.subject();
    if (!identity.onBehalfOf().isEmpty()) {
      who += " for " + String.join(",", identity.onBehalfOf());
    }
    return who + (identity.verified() ? "" : " (unverified)");
  }

  // the demo's data is synthetic, but a log line never shows literals: they are where PHI hides
  private static String withoutLiterals(String sql) {
    return sql.replaceAll("'(?:[^']|'')*'", "?").replaceAll("\\b\\d+\\b", "?");
  }

  private static String oneLine(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() > 90 ? line.substring(0, 87) + "..." : line;
  }
}
