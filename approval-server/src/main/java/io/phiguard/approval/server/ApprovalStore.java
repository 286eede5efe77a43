package io.phiguard.approval.server;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where requests live. Implementations must make {@link #update} and {@link #redeem} atomic across
 * every server instance sharing the store. Failures are {@link StoreException}s.
 */
public interface ApprovalStore extends AutoCloseable {

  /** Stores a new request (version 0). */
  void insert(ApprovalRequest request);

  /** The request with {@code id}, if any. */
  Optional<ApprovalRequest> find(String id);

  /** Up to {@code limit} requests whose stored status is one of {@code statuses}, oldest first. */
  List<ApprovalRequest> list(Set<RequestStatus> statuses, int limit);

  /**
   * Replaces the request if it is still at {@code next.version()}, storing it as version + 1.
   *
   * @return whether it was replaced (false: someone else changed it first)
   */
  boolean update(ApprovalRequest next);

  /**
   * Marks the approved request {@code id} redeemed, only if it is approved, not yet redeemed and
   * its grant has not expired at {@code at}: exactly one caller across all instances succeeds.
   */
  boolean redeem(String id, Instant at);

  @Override
  void close();
}
