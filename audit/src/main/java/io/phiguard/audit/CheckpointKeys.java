package io.phiguard.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys for checkpoints, stored as PEM: a key-pair file holds a {@code PRIVATE KEY} (PKCS#8)
 * and a {@code PUBLIC KEY} (X.509) block; auditors get a file with the public block only.
 */
public final class CheckpointKeys {
  private static final String ALGORITHM = "Ed25519";
  private static final Pattern PEM =
      Pattern.compile(
          "-----BEGIN (PRIVATE|PUBLIC) KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1 KEY-----");

  private CheckpointKeys() {}

  /** A fresh Ed25519 key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Ed25519 is part of Java 15+", e);
    }
  }

  /** Writes both keys to {@code file} (owner read/write only where the file system allows it). */
  public static void writeKeyPair(KeyPair pair, Path file) throws IOException {
    String pem =
        pem("PRIVATE", pair.getPrivate().getEncoded())
            + pem("PUBLIC", pair.getPublic().getEncoded());
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }

  /** Writes the public key alone, for verifiers. */
  public static void writePublicKey(PublicKey key, Path file) throws IOException {
    Files.writeString(file, pem("PUBLIC", key.getEncoded()), StandardCharsets.US_ASCII);
  }

  /** Reads a key-pair file written by {@link #writeKeyPair}. */
  public static KeyPair readKeyPair(Path file) throws IOException {
    return parseKeyPair(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
  }

  /**
   * Parses key-pair PEM text as {@link #writeKeyPair} writes it (e.g. from an environment
   * variable); {@code source} names where it came from in errors, never the text.
   */
  public static KeyPair parseKeyPair(String pem, String source) throws IOException {
    return new KeyPair(
        publicKey(block(pem, "PUBLIC", source)), privateKey(block(pem, "PRIVATE", source)));
  }

  /** Reads the public key from a public-key or key-pair file. */
  public static PublicKey readPublicKey(Path file) throws IOException {
    return publicKey(
        block(Files.readString(file, StandardCharsets.US_ASCII), "PUBLIC", file.toString()));
  }

  /** Hex prefix (16 characters) of SHA-256 over the public key's X.509 encoding. */
  public static String keyId(PublicKey key) {
    return HexFormat.of().formatHex(HashChain.sha256().digest(key.getEncoded())).substring(0, 16);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + " KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + " KEY-----\n";
  }

  private static byte[] block(String text, String type, String source) throws IOException {
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        return Base64.getMimeDecoder().decode(m.group(2));
      }
    }
    throw new IOException("no " + type + " KEY block in " + source);
  }

  private static PublicKey publicKey(byte[] der) throws IOException {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException("not an Ed25519 public key", e);
    }
  }

  private static PrivateKey privateKey(byte[] der) throws IOException {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException("not an Ed25519 private key", e);
    }
  }
}
