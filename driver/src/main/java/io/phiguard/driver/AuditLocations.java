package io.phiguard.driver;

import io.phiguard.audit.CheckpointKeys;
import io.phiguard.policy.AuditSettings;
import io.phiguard.policy.Policy;
import io.phiguard.policy.PolicyException;
import io.phiguard.policy.SecretRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a policy's {@code audit:} section points, resolved exactly as the driver opens its trail:
 * relative paths against the policy file's directory. The driver writes there; {@code ./phiguard
 * audit} reads the same places.
 *
 * <ul>
 *   <li>{@link #journal()}: the writer's journal, beside it {@code <journal>.checkpoints} (outside
 *       anchors), {@code <journal>.shipped} (shipper position) and {@code <journal>.pub} (the
 *       checkpoint public key, written when the trail opens);
 *   <li>the checkpoint key pair: {@code audit.checkpoint-key} ({@code file:} or {@code env:}), by
 *       default {@code <journal>.key} beside the journal;
 *   <li>{@link #store()}: the sink URL with a relative {@code file:} or {@code jdbc:h2:file:} path
 *       made absolute.
 * </ul>
 */
public final class AuditLocations {
  private static final String H2_FILE = "jdbc:h2:file:";

  private final Path journal;
  private final Optional<SecretRef> keyRef;
  private final Path keyFile;
  private final String store;

  private AuditLocations(Path journal, Optional<SecretRef> keyRef, Path keyFile, String store) {
    this.journal = journal;
    this.keyRef = keyRef;
    this.keyFile = keyFile;
    this.store = store;
  }

  /** The locations {@code policy}'s {@code audit:} section names. */
  public static AuditLocations of(Policy policy) {
    AuditSettings settings = policy.audit();
    Path base = Path.of(policy.fileName()).toAbsolutePath().getParent();
    Path journal = base.resolve(settings.journal()).normalize();
    Optional<SecretRef> ref = settings.checkpointKey();
    Path keyFile =
        ref.isEmpty()
            ? journal.resolveSibling(journal.getFileName() + ".key")
            : ref.get().kind() == SecretRef.Kind.FILE
                ? base.resolve(ref.get().name()).normalize()
                : null;
    return new AuditLocations(journal, ref, keyFile, store(settings.store(), base));
  }

  private static String store(String store, Path base) {
    if (store.startsWith("file:")) {
      return "file:" + base.resolve(store.substring("file:".length())).normalize();
    }
    if (store.startsWith(H2_FILE + ".")) {
      // relative to the policy file, not to wherever the application was started
      String rest = store.substring(H2_FILE.length());
      int settings = rest.indexOf(';');
      String path = settings < 0 ? rest : rest.substring(0, settings);
      return H2_FILE
          + base.resolve(path).normalize()
          + (settings < 0 ? "" : rest.substring(settings));
    }
    return store;
  }

  /** The journal file (absolute). */
  public Path journal() {
    return journal;
  }

  /** The sink: {@code file:/abs/path.jsonl} or a JDBC URL (may carry credentials: never print). */
  public String store() {
    return store;
  }

  /** The JSON Lines sink file, when the store is one. */
  public Optional<Path> storeFile() {
    return store.startsWith("file:")
        ? Optional.of(Path.of(store.substring("file:".length())))
        : Optional.empty();
  }

  /** The key-pair file; empty when {@code audit.checkpoint-key} names an environment variable. */
  public Optional<Path> checkpointKeyFile() {
    return Optional.ofNullable(keyFile);
  }

  /** Whether the key pair sits beside the journal (the default, weaker setting). */
  public boolean keyBesideJournal() {
    return keyRef.isEmpty();
  }

  /** {@code <journal>.pub}: the public half, written when the trail opens, for verifiers. */
  public Path publicKeyFile() {
    return journal.resolveSibling(journal.getFileName() + ".pub");
  }

  /**
   * The public key checkpoints are signed with, from {@link #publicKeyFile()} or else from the key
   * pair. A verifier should rather take a copy kept apart from the journal.
   */
  public PublicKey publicKey() throws IOException {
    if (Files.exists(publicKeyFile())) {
      return CheckpointKeys.readPublicKey(publicKeyFile());
    }
    if (keyFile != null) {
      return CheckpointKeys.readPublicKey(keyFile);
    }
    return fromEnvironment().getPublic();
  }

  /**
   * The signing key pair, created on first use where it is a file (owner-only), and its public half
   * written to {@link #publicKeyFile()}.
   */
  KeyPair checkpointKeys() throws IOException {
    KeyPair keys;
    if (keyFile == null) {
      keys = fromEnvironment();
    } else if (Files.exists(keyFile)) {
      keys = CheckpointKeys.readKeyPair(keyFile);
    } else {
      Files.createDirectories(keyFile.getParent());
      keys = CheckpointKeys.generate();
      CheckpointKeys.writeKeyPair(keys, keyFile);
    }
    Path pub = publicKeyFile();
    Files.createDirectories(pub.getParent());
    if (!publicKeyMatches(pub, keys.getPublic())) {
      CheckpointKeys.writePublicKey(keys.getPublic(), pub);
    }
    return keys;
  }

  private static boolean publicKeyMatches(Path pub, PublicKey key) {
    try {
      return Files.exists(pub) && CheckpointKeys.readPublicKey(pub).equals(key);
    } catch (IOException e) {
      return false; // unreadable: written again
    }
  }

  private KeyPair fromEnvironment() throws IOException {
    SecretRef ref = keyRef.orElseThrow();
    byte[] pem;
    try {
      pem = ref.resolve();
    } catch (PolicyException e) {
      // names the variable, never its value
      throw new IOException(e.getMessage(), e);
    }
    try {
      return CheckpointKeys.parseKeyPair(
          new String(pem, StandardCharsets.US_ASCII), ref.toString());
    } finally {
      Arrays.fill(pem, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "AuditLocations[journal=" + journal + "]";
  }
}
