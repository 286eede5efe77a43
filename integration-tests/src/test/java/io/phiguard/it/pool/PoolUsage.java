package io.phiguard.it.pool;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * HikariCP's own account of borrowing: every {@code getConnection} is an acquisition, every {@code
 * close} a usage record. Equal counts and an active count of zero mean every borrowed connection
 * went back; a longest usage below the leak threshold means leak detection never fired.
 */
final class PoolUsage implements MetricsTrackerFactory {
  final LongAdder created = new LongAdder();
  final LongAdder acquired = new LongAdder();
  final LongAdder returned = new LongAdder();
  final LongAdder timeouts = new LongAdder();
  final LongAccumulator longestUsageMillis = new LongAccumulator(Math::max, 0);

  @Override
  public IMetricsTracker create(String poolName, PoolStats poolStats) {
    return new IMetricsTracker() {
      @Override
      public void recordConnectionCreatedMillis(long millis) {
        created.increment();
      }

      @Override
      public void recordConnectionAcquiredNanos(long nanos) {
        acquired.increment();
      }

      @Override
      public void recordConnectionUsageMillis(long millis) {
        returned.increment();
        longestUsageMillis.accumulate(millis);
      }

      @Override
      public void recordConnectionTimeout() {
        timeouts.increment();
      }
    };
  }
}
