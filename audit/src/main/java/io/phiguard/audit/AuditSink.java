package io.phiguard.audit;

import java.util.List;

/**
 * Where the {@link Shipper} moves journal records: a store outside the writer's process (JDBC) or a
 * file (JSON Lines). Implementations store records verbatim in their canonical encoding so that the
 * {@link AuditVerifier} can check the chain at the sink.
 */
public interface AuditSink extends AutoCloseable {
  /**
   * Stores one writer's records, given in seq order, as one group (one transaction or one {@code
   * fsync}), and returns once they are durable. Records the sink already holds (same writer and
   * seq) are skipped, so a batch may be sent again after a failure.
   */
  void store(List<AuditRecord> records) throws AuditSinkException;

  /** Succeeds only if the sink can take records now. */
  void ping() throws AuditSinkException;

  @Override
  void close() throws AuditSinkException;
}
