package io.phiguard.approval.server;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import io.phiguard.approval.grant.Ed25519Jws;
import io.phiguard.approval.grant.GrantSigner;
import io.phiguard.approval.grant.GrantVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's Ed25519 grant key: read from a PEM file (PKCS#8 private key followed by the X.509
 * public key), or generated on first start and written there with owner-only permissions. Every
 * instance sharing one store must be given the same file.
 */
public final class ServerKeys {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;

  private ServerKeys(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.keyId = keyId(publicKey);
  }

  /** The key in {@code file}, generating and writing one if the file does not exist. */
  public static ServerKeys loadOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      KeyPair pair = generate();
      write(file, pair);
    }
    return read(file);
  }

  /** A fresh key kept in memory only (tests, demos). */
  public static ServerKeys ephemeral() {
    KeyPair pair = generate();
    return new ServerKeys(pair.getPrivate(), pair.getPublic());
  }

  /** The signer of grants. */
  public GrantSigner signer() {
    return new GrantSigner(privateKey, keyId);
  }

  /** A verifier trusting this key. */
  public GrantVerifier verifier(Clock clock) {
    return new GrantVerifier(Map.of(keyId, publicKey), clock, Duration.ofSeconds(30));
  }

  /** The key id grants name in their header. */
  public String keyId() {
    return keyId;
  }

  /** The public key. */
  public PublicKey publicKey() {
    return publicKey;
  }

  /** The public key as a JWKS document, served to drivers verifying grants offline. */
  public String publicJwks() {
    OctetKeyPair jwk =
        new OctetKeyPair.Builder(
                Curve.Ed25519, Base64URL.encode(Ed25519Jws.rawPublicKey(publicKey)))
            .keyID(keyId)
            .keyUse(KeyUse.SIGNATURE)
            .build();
    return new JWKSet(jwk).toString(true);
  }

  private static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate Ed25519 keys", e);
    }
  }

  private static void write(Path file, KeyPair pair) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    String pem =
        pem("PRIVATE KEY", pair.getPrivate().getEncoded())
            + pem("PUBLIC KEY", pair.getPublic().getEncoded());
    Path tmp = Files.createTempFile(dir, ".grant-key", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the directory's ACLs protect it
      }
      Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
      try {
        // a hard link appears atomically and never replaces: of two instances starting at once,
        // the second finds the first one's key (a rename would silently overwrite it)
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (UnsupportedOperationException | FileSystemException e) {
        // no hard links here: a plain move, which refuses an existing target
        Files.move(tmp, file);
      }
    } catch (FileAlreadyExistsException e) {
      // another instance created it first: use theirs
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static ServerKeys read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    byte[] privateDer = null;
    byte[] publicDer = null;
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      if (m.group(1).equals("PRIVATE KEY")) {
        privateDer = der;
      } else if (m.group(1).equals("PUBLIC KEY")) {
        publicDer = der;
      }
    }
    if (privateDer == null || publicDer == null) {
      throw new IOException(
          "grant key file " + file + " must hold a PRIVATE KEY and a PUBLIC KEY block (PEM)");
    }
    try {
      PrivateKey privateKey =
          KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(privateDer));
      PublicKey publicKey =
          Ed25519Jws.publicKey(
              Arrays.copyOfRange(publicDer, publicDer.length - 32, publicDer.length));
      checkPair(privateKey, publicKey, file);
      return new ServerKeys(privateKey, publicKey);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("grant key file " + file + " does not hold an Ed25519 key pair", e);
    }
  }

  private static void checkPair(PrivateKey privateKey, PublicKey publicKey, Path file)
      throws GeneralSecurityException, IOException {
    byte[] probe = "phiguard-key-check".getBytes(StandardCharsets.US_ASCII);
    java.security.Signature s = java.security.Signature.getInstance("Ed25519");
    s.initSign(privateKey);
    s.update(probe);
    byte[] signature = s.sign();
    s.initVerify(publicKey);
    s.update(probe);
    if (!s.verify(signature)) {
      throw new IOException("grant key file " + file + ": the public key does not match");
    }
  }

  private static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "ServerKeys[kid=" + keyId + "]";
  }
}
