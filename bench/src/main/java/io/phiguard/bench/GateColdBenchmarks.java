package io.phiguard.bench;

import io.phiguard.driver.ConnectionContext;
import io.phiguard.driver.GateDecision;
import io.phiguard.driver.GateListener;
import io.phiguard.driver.Operation;
import io.phiguard.driver.StatementGate;
import io.phiguard.policy.Policy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (f) The gate on a cache miss: every call judges a statement text it has not seen (a rotating
 * literal), so JSqlParser parses it, the analyser resolves names against the (already loaded)
 * catalog, the judge decides and the rewriter deparses the masked statement. No audit listener: see
 * {@link GateBenchmarks} for that cost. The catalog stays cached; the verdict and analysis caches
 * grow to their bound (10,000) and are cleared, which is part of the miss path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class GateColdBenchmarks {

  private PolicyFixture fixture;
  private StatementGate gate;
  private ConnectionContext context;
  private long literal;

  @Setup(Level.Trial)
  public void open() throws Exception {
    fixture = new PolicyFixture("write");
    Policy policy = fixture.loadPolicy();
    gate = new StatementGate(GateListener.NONE, policy);
    context = fixture.context(gate, policy);
    PolicyFixture.requireMasked(simpleSelect());
    PolicyFixture.requireMasked(joinWithCte());
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    fixture.close();
  }

  /**
   * (f1) {@code select … from patients where id = <n>}: one protected table, four masked columns.
   */
  @Benchmark
  public GateDecision simpleSelect() throws Exception {
    return gate.decide(
        Operation.EXECUTE_QUERY,
        "select id, full_name, ssn, email, dob from patients where id = " + ++literal,
        true,
        context);
  }

  /** (f2) A CTE over the protected table joined to an unprotected one, aliases, ORDER BY, LIMIT. */
  @Benchmark
  public GateDecision joinWithCte() throws Exception {
    return gate.decide(
        Operation.EXECUTE_QUERY,
        "with recent as (select p.id, p.full_name, p.ssn from patients p where p.id > "
            + ++literal % 1_000
            + ") select r.full_name as name, r.ssn, v.note from recent r"
            + " join visits v on v.patient_id = r.id where v.id < "
            + literal
            + " order by v.id limit 10",
        true,
        context);
  }
}
