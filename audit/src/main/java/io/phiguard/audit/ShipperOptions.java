package io.phiguard.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Validated, frozen settings of a {@link Shipper}. Defaults: batches of 500, backoff 100 ms
 * doubling to 30 s, idle poll 200 ms, sink probe every second, spool on, position file {@code
 * <journal>.shipped}.
 */
public final class ShipperOptions {
  private final Path journal;
  private final AuditSink sink;
  private final Path positionFile;
  private final int batchSize;
  private final Duration backoffMin;
  private final Duration backoffMax;
  private final Duration pollInterval;
  private final Duration pingInterval;
  private final boolean spool;
  private final AuditJournal checkpointSource;

  private ShipperOptions(Builder b) {
    this.journal = b.journal;
    this.sink = b.sink;
    this.positionFile = b.positionFile != null ? b.positionFile : defaultPositionFile(b.journal);
    this.batchSize = b.batchSize;
    this.backoffMin = b.backoffMin;
    this.backoffMax = b.backoffMax;
    this.pollInterval = b.pollInterval;
    this.pingInterval = b.pingInterval;
    this.spool = b.spool;
    this.checkpointSource = b.checkpointSource;
  }

  /** Settings to ship the journal at {@code journal} (absolute) to {@code sink}. */
  public static Builder builder(Path journal, AuditSink sink) {
    return new Builder(journal, sink);
  }

  public Path journal() {
    return journal;
  }

  public AuditSink sink() {
    return sink;
  }

  /** {@code <journal>.shipped}: where a shipper keeps its position unless told otherwise. */
  public static Path defaultPositionFile(Path journal) {
    return journal.resolveSibling(journal.getFileName() + ".shipped");
  }

  /** Where the shipper remembers how far it got (byte offset and seq). */
  public Path positionFile() {
    return positionFile;
  }

  /** Records per sink call (one transaction or fsync: group commit). */
  public int batchSize() {
    return batchSize;
  }

  public Duration backoffMin() {
    return backoffMin;
  }

  public Duration backoffMax() {
    return backoffMax;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  /** How often an idle shipper probes the sink, so that an outage is noticed without traffic. */
  public Duration pingInterval() {
    return pingInterval;
  }

  /**
   * True: statements keep running while the sink is down (records wait in the journal). False:
   * {@link Shipper#acceptsStatements()} turns false during an outage.
   */
  public boolean spool() {
    return spool;
  }

  /** The journal to ask for time-based checkpoints while idle; may be null. */
  public AuditJournal checkpointSource() {
    return checkpointSource;
  }

  /** Mutable settings. */
  public static final class Builder {
    private final Path journal;
    private final AuditSink sink;
    private Path positionFile;
    private int batchSize = 500;
    private Duration backoffMin = Duration.ofMillis(100);
    private Duration backoffMax = Duration.ofSeconds(30);
    private Duration pollInterval = Duration.ofMillis(200);
    private Duration pingInterval = Duration.ofSeconds(1);
    private boolean spool = true;
    private AuditJournal checkpointSource;

    private Builder(Path journal, AuditSink sink) {
      this.journal = journal;
      this.sink = sink;
    }

    public Builder positionFile(Path positionFile) {
      this.positionFile = positionFile;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder backoff(Duration min, Duration max) {
      this.backoffMin = min;
      this.backoffMax = max;
      return this;
    }

    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    public Builder pingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
      return this;
    }

    public Builder spool(boolean spool) {
      this.spool = spool;
      return this;
    }

    public Builder checkpointSource(AuditJournal journal) {
      this.checkpointSource = journal;
      return this;
    }

    /** Validates and freezes. */
    public ShipperOptions build() {
      Objects.requireNonNull(journal, "journal");
      Objects.requireNonNull(sink, "sink");
      if (!journal.isAbsolute() || (positionFile != null && !positionFile.isAbsolute())) {
        throw new IllegalArgumentException("journal and position file paths must be absolute");
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1");
      }
      for (Duration d : new Duration[] {backoffMin, backoffMax, pollInterval, pingInterval}) {
        if (d == null || d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("intervals must be positive");
        }
      }
      if (backoffMax.compareTo(backoffMin) < 0) {
        throw new IllegalArgumentException("backoff max must not be below backoff min");
      }
      return new ShipperOptions(this);
    }
  }
}
