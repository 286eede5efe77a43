package io.phiguard.approval.server;

import java.lang.System.Logger.Level;
import java.util.List;

/** Tells several listeners; one that throws does not keep the others from hearing. */
public final class CompositeEvents implements ApprovalEvents {
  private static final System.Logger LOG = System.getLogger(CompositeEvents.class.getName());
  private final List<ApprovalEvents> listeners;

  /** Tells each of {@code listeners}, in order. */
  public CompositeEvents(List<ApprovalEvents> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void created(ApprovalRequest request) {
    for (ApprovalEvents l : listeners) {
      try {
        l.created(request);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a notification listener failed: {0}", e.getClass().getSimpleName());
      }
    }
  }

  @Override
  public void changed(ApprovalRequest request) {
    for (ApprovalEvents l : listeners) {
      try {
        l.changed(request);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a notification listener failed: {0}", e.getClass().getSimpleName());
      }
    }
  }
}
