package io.phiguard.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that is down for its first N calls, or while {@link #down} is set. */
final class FlakySink implements AuditSink {
  private final AuditSink delegate;
  private final AtomicInteger failuresLeft;
  volatile boolean down;
  final AtomicInteger refused = new AtomicInteger();
  final List<Integer> batchSizes = new ArrayList<>();

  FlakySink(AuditSink delegate, int failures) {
    this.delegate = delegate;
    this.failuresLeft = new AtomicInteger(failures);
  }

  private void maybeFail() throws AuditSinkException {
    if (down || failuresLeft.getAndDecrement() > 0) {
      refused.incrementAndGet();
      throw new AuditSinkException("simulated outage");
    }
  }

  @Override
  public void store(List<AuditRecord> records) throws AuditSinkException {
    maybeFail();
    synchronized (batchSizes) {
      batchSizes.add(records.size());
    }
    delegate.store(records);
  }

  @Override
  public void ping() throws AuditSinkException {
    if (down) {
      throw new AuditSinkException("simulated outage");
    }
    delegate.ping();
  }

  @Override
  public void close() throws AuditSinkException {
    delegate.close();
  }
}
