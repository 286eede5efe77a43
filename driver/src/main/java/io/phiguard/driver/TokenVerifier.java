package io.phiguard.driver;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import io.phiguard.policy.Identity;
import java.security.Key;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Turns a JWT access token into a verified {@link Identity}, offline, with Nimbus JOSE+JWT: the
 * signature against the JWKS (allowed asymmetric algorithms only), then {@code iss}, {@code aud},
 * {@code exp} and {@code nbf} with the configured clock skew.
 *
 * <p>A token verified once is remembered until it expires (or the JWKS changes), so checking the
 * identity on every statement costs a map lookup. Any failure is a {@code 28000} {@link
 * java.sql.SQLInvalidAuthorizationSpecException} saying why; messages never carry the token.
 *
 * <p>Claims become an identity as {@link TokenClaims} describes.
 */
public final class TokenVerifier {
  private static final int MAX_CACHED = 10_000;
  private static final Map<TokenSettings, TokenVerifier> SHARED = new ConcurrentHashMap<>();

  private final TokenSettings settings;
  private final JwksSource jwks;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final Set<JWSAlgorithm> allowed;
  private final Map<String, Verified> cache = new ConcurrentHashMap<>();

  private record Verified(Identity identity, long notAfterMillis, long generation) {}

  private TokenVerifier(TokenSettings settings) {
    this.settings = settings;
    this.jwks = new JwksSource(settings);
    this.allowed =
        settings.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
    processor.setJWSKeySelector(new KeySelector());
    processor.setJWSVerifierFactory(new EdDsaSupport.VerifierFactory());
    processor.setJWTClaimsSetVerifier(new ClaimsCheck());
    // access tokens are typed JWT, at+jwt (RFC 9068) or not at all
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT,
            new JOSEObjectType("at+jwt"),
            new JOSEObjectType("application/at+jwt"),
            null));
  }

  /** The verifier for {@code settings}, shared by every connection with equal settings. */
  public static TokenVerifier of(TokenSettings settings) {
    return SHARED.computeIfAbsent(settings, TokenVerifier::new);
  }

  /** The settings tokens are verified with. */
  public TokenSettings settings() {
    return settings;
  }

  /**
   * The verified identity {@code token} carries.
   *
   * @throws SQLException {@code 28000} saying why the token is refused
   */
  public Identity verify(String token) throws SQLException {
    if (token == null || token.isBlank()) {
      throw refused("no token was given");
    }
    String compact = token.strip();
    long generation = jwks.generation();
    Verified known = cache.get(compact);
    if (known != null
        && settings.clock().millis() < known.notAfterMillis()
        && known.generation() == generation) {
      return known.identity();
    }
    JWTClaimsSet claims = process(compact);
    Identity identity = TokenClaims.identity(claims, settings);
    long notAfter = claims.getExpirationTime().getTime() + settings.clockSkew().toMillis();
    if (cache.size() >= MAX_CACHED) {
      long now = settings.clock().millis();
      cache.values().removeIf(v -> v.notAfterMillis() <= now);
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
    }
    cache.put(compact, new Verified(identity, notAfter, generation));
    return identity;
  }

  private JWTClaimsSet process(String compact) throws SQLException {
    JWT jwt;
    try {
      jwt = JWTParser.parse(compact);
    } catch (ParseException e) {
      if (unsignedHeader(compact)) {
        throw refused("the algorithm 'none' is never allowed: the token is unsigned");
      }
      throw refused("it is malformed (not a compact JWT)");
    }
    if (jwt instanceof PlainJWT) {
      throw refused("the algorithm 'none' is never allowed: the token is unsigned");
    }
    if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
      throw refused("encrypted tokens (JWE) are not accepted; pass a signed JWT");
    }
    JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
    if (!allowed.contains(algorithm)) {
      throw refused(
          "the algorithm "
              + algorithm.getName()
              + " is not allowed (allowed: "
              + settings.algorithms().stream().sorted().toList()
              + ")");
    }
    try {
      return processor.process(signed, null);
    } catch (ClaimRefusal e) {
      throw refused(e.getMessage());
    } catch (BadJWSException e) {
      throw refused("the signature is invalid (tampered, or signed with another key)");
    } catch (UnknownKey e) {
      throw refused(
          "no key in the JWKS matches the token's key id and algorithm (unknown key)."
              + " Check phiguard.jwks");
    } catch (BadJWTException e) {
      throw refused("its claims cannot be read");
    } catch (BadJOSEException e) {
      throw refused("its header is not accepted (type or critical parameters)");
    } catch (KeySourceException e) {
      throw refused(e.getMessage());
    } catch (JOSEException e) {
      throw refused("its signature cannot be checked (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Whether the header names {@code alg: none} (with a signature part Nimbus will not parse). */
  private static boolean unsignedHeader(String compact) {
    int dot = compact.indexOf('.');
    try {
      return dot > 0
          && Algorithm.NONE.equals(
              Header.parse(new Base64URL(compact.substring(0, dot))).getAlgorithm());
    } catch (ParseException | RuntimeException e) {
      return false;
    }
  }

  static SQLException refused(String why) {
    return PhiGuardErrors.of(SqlState.INVALID_IDENTITY, "the token is refused: " + why);
  }

  @Override
  public String toString() {
    return "TokenVerifier[issuer=" + settings.issuer() + ", audience=" + settings.audience() + "]";
  }

  /** No key matched: a typed signal, so the message does not depend on Nimbus's wording. */
  private static final class UnknownKey extends KeySourceException {
    private static final long serialVersionUID = 1L;

    UnknownKey() {
      super("no matching key");
    }
  }

  /** A claim check failed; the message is ours and names no claim value from the token. */
  private static final class ClaimRefusal extends BadJWTException {
    private static final long serialVersionUID = 1L;

    ClaimRefusal(String message) {
      super(message);
    }
  }

  /** Nimbus's selection for RSA and EC keys, ours for Ed25519 (see {@link EdDsaSupport}). */
  private final class KeySelector implements JWSKeySelector<SecurityContext> {
    private final JWSVerificationKeySelector<SecurityContext> nimbus =
        new JWSVerificationKeySelector<>(allowed, jwks);

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context)
        throws KeySourceException {
      List<Key> keys = new ArrayList<>();
      if (!allowed.contains(header.getAlgorithm())) {
        throw new UnknownKey();
      }
      if (EdDsaSupport.ALGORITHMS.contains(header.getAlgorithm())) {
        for (JWK jwk : jwks.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), context)) {
          if (jwk instanceof OctetKeyPair okp) {
            try {
              keys.add(EdDsaSupport.toPublicKey(okp));
            } catch (JOSEException e) {
              // not an Ed25519 key: skip it, as Nimbus skips keys it cannot convert
            }
          }
        }
      } else {
        keys.addAll(nimbus.selectJWSKeys(header, context));
      }
      if (keys.isEmpty()) {
        throw new UnknownKey();
      }
      return keys;
    }
  }

  /** {@code iss}, {@code aud}, {@code exp}, {@code nbf} and {@code sub}, with clock skew. */
  private final class ClaimsCheck implements JWTClaimsSetVerifier<SecurityContext> {
    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
      Instant now = settings.clock().instant();
      long skew = settings.clockSkew().toMillis();
      if (!settings.issuer().equals(claims.getIssuer())) {
        throw new ClaimRefusal(
            "it was issued by another issuer than phiguard.issuer (wrong issuer)");
      }
      List<String> audience = claims.getAudience();
      if (audience == null || !audience.contains(settings.audience())) {
        throw new ClaimRefusal(
            "it is meant for another audience than phiguard.audience (wrong audience)");
      }
      Date expiry = claims.getExpirationTime();
      if (expiry == null) {
        throw new ClaimRefusal("it has no expiry (exp); tokens without one are not accepted");
      }
      if (now.toEpochMilli() > expiry.getTime() + skew) {
        throw new ClaimRefusal(
            "it expired at "
                + expiry.toInstant()
                + " (clock skew "
                + settings.clockSkew().toSeconds()
                + " s). Obtain a new token");
      }
      Date notBefore = claims.getNotBeforeTime();
      if (notBefore != null && now.toEpochMilli() + skew < notBefore.getTime()) {
        throw new ClaimRefusal(
            "it is not valid yet (nbf "
                + notBefore.toInstant()
                + ", clock skew "
                + settings.clockSkew().toSeconds()
                + " s)");
      }
      String subject = claims.getSubject();
      if (subject == null || subject.isBlank()) {
        throw new ClaimRefusal("it names no subject (sub)");
      }
    }
  }
}
