package io.phiguard.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Validated, frozen settings of an {@link AuditJournal}. Build with {@link #builder}; {@link
 * Builder#build} refuses a relative path, a blank writer name, a missing signer and non-positive
 * checkpoint intervals.
 */
public final class JournalOptions {
  private final Path path;
  private final String writerName;
  private final Durability durability;
  private final CheckpointSigner signer;
  private final int checkpointEvery;
  private final Duration checkpointInterval;
  private final Clock clock;
  private final boolean backgroundCheckpoints;

  private JournalOptions(Builder b) {
    this.path = b.path;
    this.writerName = b.writerName;
    this.durability = b.durability;
    this.signer = b.signer;
    this.checkpointEvery = b.checkpointEvery;
    this.checkpointInterval = b.checkpointInterval;
    this.clock = b.clock;
    this.backgroundCheckpoints = b.backgroundCheckpoints;
  }

  /** Starts settings for the journal at {@code path} (must be absolute). */
  public static Builder builder(Path path, CheckpointSigner signer) {
    return new Builder(path, signer);
  }

  public Path path() {
    return path;
  }

  /**
   * Prefix of the writer id; a new journal gets {@code writerName + "-" + 8 random hex digits} so
   * that a recreated journal never reuses a chain's seq numbers at the sink.
   */
  public String writerName() {
    return writerName;
  }

  public Durability durability() {
    return durability;
  }

  public CheckpointSigner signer() {
    return signer;
  }

  /** A checkpoint follows at the latest after this many records. */
  public int checkpointEvery() {
    return checkpointEvery;
  }

  /** A checkpoint follows at the latest this long after the previous one (if records came). */
  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Whether periodic checkpoints are signed and forced by the journal's own background thread
   * ({@code phiguard-audit-checkpointer}) rather than inside the {@link AuditJournal#append} that
   * makes one due. An append still writes one itself when the thread has fallen {@link
   * #checkpointEvery} records behind, so the records no checkpoint covers stay bounded.
   */
  public boolean backgroundCheckpoints() {
    return backgroundCheckpoints;
  }

  /**
   * Mutable settings; defaults: writer name {@code phiguard}, {@code WRITE}, 1000 records, 60 s,
   * checkpoints written by the append that makes them due.
   */
  public static final class Builder {
    private final Path path;
    private final CheckpointSigner signer;
    private String writerName = "phiguard";
    private Durability durability = Durability.WRITE;
    private int checkpointEvery = 1000;
    private Duration checkpointInterval = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private boolean backgroundCheckpoints;

    private Builder(Path path, CheckpointSigner signer) {
      this.path = path;
      this.signer = signer;
    }

    public Builder writerName(String writerName) {
      this.writerName = writerName;
      return this;
    }

    public Builder durability(Durability durability) {
      this.durability = durability;
      return this;
    }

    public Builder checkpointEvery(int records) {
      this.checkpointEvery = records;
      return this;
    }

    public Builder checkpointInterval(Duration interval) {
      this.checkpointInterval = interval;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** See {@link JournalOptions#backgroundCheckpoints}. */
    public Builder backgroundCheckpoints(boolean background) {
      this.backgroundCheckpoints = background;
      return this;
    }

    /** Validates and freezes. */
    public JournalOptions build() {
      Objects.requireNonNull(path, "path");
      if (!path.isAbsolute()) {
        // one journal per writer: a relative path would depend on the working directory
        throw new IllegalArgumentException("the audit journal path must be absolute: " + path);
      }
      Objects.requireNonNull(signer, "signer");
      Objects.requireNonNull(durability, "durability");
      Objects.requireNonNull(clock, "clock");
      if (writerName == null || !writerName.matches("[A-Za-z0-9._:-]{1,100}")) {
        throw new IllegalArgumentException(
            "writer name must be 1-100 characters of letters, digits, '.', '_', ':' or '-'");
      }
      if (checkpointEvery < 1) {
        throw new IllegalArgumentException("checkpointEvery must be at least 1");
      }
      if (checkpointInterval == null
          || checkpointInterval.isNegative()
          || checkpointInterval.isZero()) {
        throw new IllegalArgumentException("checkpointInterval must be positive");
      }
      return new JournalOptions(this);
    }
  }
}
