package io.phiguard.driver;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The verification keys of one JWKS file or https URL, cached for {@link TokenSettings#jwksTtl()}.
 * A token signed with a key the cache lacks makes it look again (a file at once, a URL at most
 * every 30 seconds), so a rotated key is found without waiting for the TTL.
 *
 * <p>Only public asymmetric keys are kept: private parts and symmetric ({@code oct}) keys in the
 * JWKS are dropped, so no published key can ever serve as an HMAC secret. When a reload fails the
 * last good keys stay in use and the load is retried; keys that were never loaded fail every
 * verification.
 */
final class JwksSource implements JWKSource<SecurityContext> {
  private static final int MAX_BYTES = 1 << 20;
  private static final long MISS_RELOAD_MILLIS = 30_000;
  private static final long RETRY_MILLIS = 30_000;
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

  private final TokenSettings settings;
  private HttpClient http;
  private volatile Loaded loaded;
  private volatile long nextCheckMillis = Long.MIN_VALUE;
  private long lastMissReloadMillis = Long.MIN_VALUE;
  private String lastFailure;

  /** One load: the keys, a number that changes when they change, and what the file looked like. */
  private record Loaded(JWKSet keys, long generation, Object stamp) {}

  JwksSource(TokenSettings settings) {
    this.settings = settings;
  }

  /**
   * A number that changes whenever the keys do; reloads them first when the TTL has passed. Tokens
   * verified under another generation must be verified again (a key may have been withdrawn).
   */
  long generation() {
    if (settings.clock().millis() >= nextCheckMillis) {
      refresh(false);
    }
    Loaded current = loaded;
    return current == null ? -1 : current.generation();
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    generation();
    Loaded current = loaded;
    if (current == null) {
      throw new KeySourceException(
          "cannot load the signing keys from " + describe() + " (" + lastFailure + ")");
    }
    List<JWK> matches = selector.select(current.keys());
    if (matches.isEmpty() && missReloadAllowed()) {
      // perhaps the issuer rotated its keys since we loaded them
      refresh(true);
      matches = selector.select(loaded.keys());
    }
    return matches;
  }

  private synchronized boolean missReloadAllowed() {
    long now = settings.clock().millis();
    if (!settings.jwksIsUrl() || now - lastMissReloadMillis >= MISS_RELOAD_MILLIS) {
      lastMissReloadMillis = now;
      return true;
    }
    return false;
  }

  private synchronized void refresh(boolean force) {
    long now = settings.clock().millis();
    if (!force && now < nextCheckMillis) {
      return; // another thread reloaded meanwhile
    }
    Loaded previous = loaded;
    try {
      Object stamp = null;
      String json;
      if (settings.jwksIsUrl()) {
        json = fetch();
      } else {
        Path path = Path.of(settings.jwks());
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        stamp =
            List.of(
                attributes.lastModifiedTime(),
                attributes.size(),
                String.valueOf(attributes.fileKey()));
        if (previous != null && stamp.equals(previous.stamp())) {
          nextCheckMillis = now + settings.jwksTtl().toMillis();
          return;
        }
        if (attributes.size() > MAX_BYTES) {
          throw new IOException("larger than " + MAX_BYTES + " bytes");
        }
        json = Files.readString(path, StandardCharsets.UTF_8);
      }
      // public keys only: a symmetric key here would let anyone who reads the JWKS sign tokens
      JWKSet keys = JWKSet.parse(json).toPublicJWKSet();
      long generation =
          previous == null
              ? 0
              : keys.toString().equals(previous.keys().toString())
                  ? previous.generation()
                  : previous.generation() + 1;
      loaded = new Loaded(keys, generation, stamp);
      lastFailure = null;
      nextCheckMillis = now + settings.jwksTtl().toMillis();
    } catch (IOException | ParseException | RuntimeException e) {
      lastFailure =
          e instanceof ParseException ? "not a JWKS document" : e.getClass().getSimpleName();
      // keep the last good keys; try again soon
      nextCheckMillis = now + Math.min(RETRY_MILLIS, settings.jwksTtl().toMillis());
    }
  }

  private String fetch() throws IOException {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .connectTimeout(HTTP_TIMEOUT)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(settings.jwks()))
            .timeout(HTTP_TIMEOUT)
            .header("Accept", "application/jwk-set+json, application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new IOException("HTTP status " + response.statusCode());
    }
    byte[] body = Objects.requireNonNull(response.body());
    if (body.length > MAX_BYTES) {
      throw new IOException("larger than " + MAX_BYTES + " bytes");
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  private String describe() {
    return settings.jwksIsUrl() ? URI.create(settings.jwks()).getHost() : settings.jwks();
  }
}
