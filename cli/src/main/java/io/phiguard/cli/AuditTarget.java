package io.phiguard.cli;

import io.phiguard.audit.CheckpointKeys;
import io.phiguard.driver.AuditLocations;
import io.phiguard.policy.PolicyException;
import io.phiguard.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code ./phiguard audit} command reads: the journal(s) and store the policy file's {@code
 * audit:} section names (resolved as the driver resolves them), or those given with {@code
 * --journal} / {@code --store} (relative to the working directory), and the checkpoint public key.
 */
final class AuditTarget {
  private final Optional<AuditLocations> config;
  private final List<Path> journals;
  private final Optional<String> store;

  private AuditTarget(
      Optional<AuditLocations> config, List<Path> journals, Optional<String> store) {
    this.config = config;
    this.journals = journals;
    this.store = store;
  }

  /**
   * From {@code --config} (default {@code ./phiguard.yaml}), {@code --journal} (repeatable) and
   * {@code --store} ({@code none} to skip it).
   */
  static AuditTarget of(Options o) throws UsageException {
    Optional<String> configArg = o.get("--config");
    Path configFile = Path.of(configArg.orElse("phiguard.yaml"));
    Optional<AuditLocations> config = Optional.empty();
    if (Files.exists(configFile)) {
      try {
        config = Optional.of(AuditLocations.of(PolicyLoader.load(configFile)));
      } catch (PolicyException e) {
        throw new UsageException(e.getMessage());
      }
    } else if (configArg.isPresent() || o.all("--journal").isEmpty()) {
      throw new UsageException(
          "no policy file " + configFile + "; pass --config FILE (or --journal PATH)");
    }
    List<Path> journals =
        o.all("--journal").isEmpty()
            ? List.of(config.orElseThrow().journal())
            : o.all("--journal").stream()
                .map(p -> Path.of(p).toAbsolutePath().normalize())
                .toList();
    Optional<String> store;
    String storeArg = o.get("--store").orElse(null);
    if ("none".equals(storeArg)) {
      store = Optional.empty();
    } else if (storeArg != null) {
      if (!storeArg.startsWith("jdbc:") && !storeArg.startsWith("file:")) {
        throw new UsageException("--store must be a jdbc: or file: URL, or none");
      }
      store =
          Optional.of(
              storeArg.startsWith("file:")
                  ? "file:" + Path.of(storeArg.substring(5)).toAbsolutePath().normalize()
                  : storeArg);
    } else {
      store = config.map(AuditLocations::store);
    }
    return new AuditTarget(config, journals, store);
  }

  List<Path> journals() {
    return journals;
  }

  /** The store URL (may carry credentials: print it through {@code DatasourceUrls}). */
  Optional<String> store() {
    return store;
  }

  /** A trusted key and where it came from. */
  record Key(PublicKey key, String source, boolean besideJournal) {}

  /**
   * {@code --public-key FILE} when given; else {@code <journal>.pub} or the key pair of the first
   * journal, or the key the policy names. Only the first is independent of the journal's directory.
   */
  Key publicKey(Optional<String> publicKeyArg) throws IOException {
    if (publicKeyArg.isPresent()) {
      Path file = Path.of(publicKeyArg.get());
      return new Key(CheckpointKeys.readPublicKey(file), file.toString(), false);
    }
    Path journal = journals.get(0);
    for (String suffix : List.of(".pub", ".key")) {
      Path file = journal.resolveSibling(journal.getFileName() + suffix);
      if (Files.exists(file)) {
        return new Key(CheckpointKeys.readPublicKey(file), file.toString(), true);
      }
    }
    if (config.isPresent()) {
      AuditLocations where = config.get();
      return new Key(
          where.publicKey(),
          where.checkpointKeyFile().map(Path::toString).orElse("audit.checkpoint-key"),
          where.keyBesideJournal());
    }
    throw new IOException("no public key beside " + journal + "; pass --public-key FILE");
  }
}
