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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (e) The gate alone on a cache hit: {@link StatementGate#decide} and {@link StatementGate#outcome}
 * for the same masked SELECT as a masked identity, exactly the two calls {@code GuardedStatement}
 * makes around the delegate's execution — without the JDBC wrapper or H2 running anything.
 *
 * <p>{@code audit=none}: the policy's judgement only (escape scan, mask set, verdict cache lookup,
 * decision objects). {@code audit=write|fsync}: plus the policy's audit trail, as the driver chains
 * it: a DECISION record in the journal before the statement, an OUTCOME record after, in that
 * durability. The difference is the audit cost per statement.
 *
 * <p>{@code Mode.SampleTime}: JMH reports the percentiles; the target (≤ 5 µs) is on the
 * median of {@code audit=none}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class GateBenchmarks {

  @Param({"none", "write", "fsync"})
  public String audit;

  private PolicyFixture fixture;
  private StatementGate gate;
  private ConnectionContext context;

  @Setup(Level.Trial)
  public void open() throws Exception {
    fixture = new PolicyFixture("none".equals(audit) ? "write" : audit);
    Policy policy = fixture.loadPolicy();
    GateListener listener =
        "none".equals(audit) ? GateListener.NONE : PolicyFixture.auditTrail(policy);
    gate = new StatementGate(listener, policy);
    context = fixture.context(gate, policy);
    // the first decision loads the catalog and fills the verdict cache
    PolicyFixture.requireMasked(
        gate.decide(Operation.EXECUTE_QUERY, PolicyFixture.MASKED_SELECT, true, context));
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    fixture.close();
  }

  /** (e) One masked SELECT through the gate, decided from the cache, and its outcome. */
  @Benchmark
  public GateDecision cacheHit() throws Exception {
    GateDecision decision =
        gate.decide(Operation.EXECUTE_QUERY, PolicyFixture.MASKED_SELECT, true, context);
    gate.outcome(decision, null, context);
    return decision;
  }
}
