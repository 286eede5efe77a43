package io.phiguard.bench;

import io.phiguard.driver.ConnectionContext;
import io.phiguard.driver.GateDecision;
import io.phiguard.driver.GateListener;
import io.phiguard.driver.Operation;
import io.phiguard.driver.PhiGuard;
import io.phiguard.driver.PhiGuardConfig;
import io.phiguard.driver.StatementGate;
import io.phiguard.policy.Identity;
import io.phiguard.policy.Policy;
import io.phiguard.policy.PolicyException;
import io.phiguard.policy.PolicyLoader;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * An H2 in-memory database with a protected {@code patients} table (and an unprotected {@code
 * visits}), a policy file in a temporary directory whose {@code audit:} journal and JSON Lines
 * store live there too, and — for the gate-alone benchmarks — a {@link StatementGate} on a {@link
 * ConnectionContext} built the way the driver builds it.
 *
 * <p>{@code ConnectionContext}'s constructor and {@code AuditTrail.forPolicy} are package-private
 * in the driver; the benchmarks reach them by reflection (the bench runs on the class path, so the
 * driver is an unnamed module and open to it). Nothing else is reflective: the benchmarks call the
 * public {@link StatementGate#decide} and {@link StatementGate#outcome} exactly as {@code
 * GuardedStatement} does.
 */
final class PolicyFixture implements AutoCloseable {
  /** A masked identity: no unmask rule covers it. */
  static final String MASKED_SUBJECT = "analyst";

  static final int PATIENTS = 100;

  /** The masked SELECT every cache-hit benchmark repeats. */
  static final String MASKED_SELECT =
      "select id, full_name, ssn, email, dob from patients where id = 42";

  final Path dir;
  final Path policyFile;
  final String rawUrl;
  final Properties credentials = Drivers.credentials("sa", "");
  private final Connection keepAlive;

  /**
   * @param durability {@code write} or {@code fsync}: the policy's {@code audit.durability}
   */
  PolicyFixture(String durability) throws IOException, SQLException {
    dir = Files.createTempDirectory("phiguard-bench-");
    policyFile =
        Files.writeString(
            dir.resolve("phiguard.yaml"),
            """
            version: 1
            protect:
              patients:
                ssn: partial(0, 4)
                full_name: redact
                email: email
                dob: year
            unmask:
              - groups: [clinician]
            audit:
              store: file:./store/audit.jsonl
              journal: ./journal/phiguard.jsonl
              durability: %s
            """
                .formatted(durability));
    rawUrl = "jdbc:h2:mem:" + Drivers.uniqueName("gate_") + ";DB_CLOSE_DELAY=-1";
    keepAlive = DriverManager.getConnection(rawUrl, credentials);
    try (Statement s = keepAlive.createStatement()) {
      s.execute(
          "create table patients (id int primary key, full_name varchar(80), ssn varchar(11),"
              + " email varchar(80), dob date)");
      s.execute(
          "create table visits (id int primary key, patient_id int not null, note varchar(200))");
    }
    try (var p = keepAlive.prepareStatement("insert into patients values (?, ?, ?, ?, ?)");
        var v = keepAlive.prepareStatement("insert into visits values (?, ?, ?)")) {
      for (int id = 1; id <= PATIENTS; id++) {
        p.setInt(1, id);
        p.setString(2, "Patient Number" + id);
        p.setString(3, String.format("900-%02d-%04d", id % 100, id));
        p.setString(4, "patient" + id + "@example.org");
        p.setDate(5, java.sql.Date.valueOf(java.time.LocalDate.of(1950 + id % 50, 1 + id % 12, 7)));
        p.addBatch();
        v.setInt(1, id);
        v.setInt(2, id);
        v.setString(3, "follow-up " + id);
        v.addBatch();
      }
      p.executeBatch();
      v.executeBatch();
    }
  }

  /** The connection properties of a masked identity under this fixture's policy. */
  Properties maskedProperties() {
    Properties p = new Properties();
    p.putAll(credentials);
    p.setProperty("phiguard.config", policyFile.toString());
    p.setProperty("phiguard.subject", MASKED_SUBJECT);
    return p;
  }

  /** {@code jdbc:phiguard:h2:mem:…}. */
  String guardedUrl() {
    return "jdbc:phiguard:" + rawUrl.substring("jdbc:".length());
  }

  Policy loadPolicy() throws PolicyException {
    return PolicyLoader.load(policyFile);
  }

  /** The listener the driver chains in for this policy: its audit trail (opened on first use). */
  static GateListener auditTrail(Policy policy) throws ReflectiveOperationException {
    Method forPolicy =
        Class.forName("io.phiguard.driver.AuditTrail").getDeclaredMethod("forPolicy", Policy.class);
    forPolicy.setAccessible(true);
    return (GateListener) forPolicy.invoke(null, policy);
  }

  /**
   * A connection context as {@code Connector.open} builds it: {@code gate} over a raw H2 connection
   * (used by the gate only for catalog metadata and the current schema), the identity {@link
   * #MASKED_SUBJECT} from connection properties.
   */
  ConnectionContext context(StatementGate gate, Policy policy) throws Exception {
    Identity masked =
        new Identity(
            MASKED_SUBJECT,
            java.util.Set.of(),
            "",
            List.of(),
            "",
            false,
            Identity.Source.CONNECTION_PROPERTIES);
    PhiGuardConfig config =
        PhiGuardConfig.builder().policy(policy).connectionIdentity(masked).build();
    Constructor<ConnectionContext> c =
        ConnectionContext.class.getDeclaredConstructor(
            StatementGate.class, String.class, PhiGuardConfig.class, Connection.class);
    c.setAccessible(true);
    try {
      return c.newInstance(gate, rawUrl, config, keepAlive);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Fails unless {@code decision} masks: a benchmark of a denied or allowed path is no use. */
  static GateDecision requireMasked(GateDecision decision) {
    if (decision.action() != GateDecision.Action.MASK) {
      throw new IllegalStateException("expected MASK, got " + decision);
    }
    return decision;
  }

  /** The rewritten SQL the gate sends to H2 for {@code sql} (no audit written). */
  String rewrite(String sql) throws Exception {
    Policy policy = loadPolicy();
    ConnectionContext context = context(new StatementGate(GateListener.NONE, policy), policy);
    return requireMasked(context.gate().decide(Operation.EXECUTE_QUERY, sql, true, context)).sql();
  }

  /** Closes the audit trails, drops the database and deletes the temporary directory. */
  @Override
  public void close() throws SQLException, IOException {
    PhiGuard.shutdown();
    try (Statement s = keepAlive.createStatement()) {
      s.execute("shutdown");
    } finally {
      keepAlive.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
