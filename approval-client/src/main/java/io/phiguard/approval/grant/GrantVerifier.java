package io.phiguard.approval.grant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies a grant offline: Ed25519 signature by a known server key, the grant type, expiry, and
 * that it is bound to the statement about to run. The approval client in the driver is meant to use
 * this class before redeeming the grant at the server (which checks it again and marks it used); it
 * depends on the JDK and Nimbus only, so it can move to a small shared module when the client
 * lands.
 */
public final class GrantVerifier {
  /** The JWS {@code typ} of a grant. */
  public static final JOSEObjectType TYPE = new JOSEObjectType("phiguard-grant+jwt");

  /** The {@code iss} of a grant. */
  public static final String ISSUER = "phiguard-approval-server";

  static final String REQUEST = "rid";
  static final String DATASOURCE = "ds";
  static final String FINGERPRINT = "fp";
  static final String SQL_HASH = "sqlh";
  static final String PARAMS_DIGEST = "pd";
  static final String RULE = "rule";

  private static final int MAX_LENGTH = 8_192;

  private final Map<String, PublicKey> keys;
  private final Clock clock;
  private final Duration skew;

  /**
   * A verifier trusting {@code keys} (by key id), judging expiry at {@code clock} with {@code skew}
   * of tolerance (at most 2 minutes).
   */
  public GrantVerifier(Map<String, PublicKey> keys, Clock clock, Duration skew) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one grant key is required");
    }
    this.keys = Map.copyOf(keys);
    this.clock = Objects.requireNonNull(clock, "clock");
    if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(2)) > 0) {
      throw new IllegalArgumentException("grant clock skew must be between 0 and 2 minutes");
    }
    this.skew = skew;
  }

  /**
   * The grant's claims, if {@code compact} is a valid, unexpired grant for exactly {@code
   * expected}.
   *
   * @throws GrantException naming what is wrong (never echoing the grant)
   */
  public GrantClaims verify(String compact, GrantBinding expected) throws GrantException {
    GrantClaims claims = verifySignature(compact);
    Instant now = clock.instant();
    if (now.isAfter(claims.expiresAt().plus(skew))) {
      throw new GrantException(
          GrantException.Problem.EXPIRED,
          "the grant for approval request "
              + claims.binding().requestId()
              + " expired at "
              + claims.expiresAt()
              + "; ask for a new approval");
    }
    String mismatch = mismatch(claims.binding(), expected);
    if (mismatch != null) {
      throw new GrantException(
          GrantException.Problem.MISMATCH,
          "the grant for approval request "
              + claims.binding().requestId()
              + " was issued for "
              + mismatch
              + "; a grant covers one statement with one set of values");
    }
    return claims;
  }

  /**
   * The claims of a grant whose signature verifies, without checking expiry or binding.
   *
   * @throws GrantException when it is malformed or its signature does not verify
   */
  public GrantClaims verifySignature(String compact) throws GrantException {
    if (compact == null || compact.isBlank() || compact.length() > MAX_LENGTH) {
      throw malformed();
    }
    SignedJWT jwt;
    JWTClaimsSet set;
    try {
      jwt = SignedJWT.parse(compact.strip());
      set = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw malformed();
    }
    if (!Ed25519Jws.ALGORITHMS.contains(jwt.getHeader().getAlgorithm())
        || !TYPE.equals(jwt.getHeader().getType())) {
      throw malformed();
    }
    PublicKey key = keys.get(jwt.getHeader().getKeyID());
    boolean valid;
    try {
      valid = key != null && jwt.verify(Ed25519Jws.verifier(key));
    } catch (JOSEException | IllegalStateException e) {
      valid = false;
    }
    if (!valid) {
      throw new GrantException(
          GrantException.Problem.BAD_SIGNATURE,
          "the grant's signature does not verify (tampered, or signed by an unknown key)");
    }
    try {
      Date exp = set.getExpirationTime();
      Date iat = set.getIssueTime();
      if (!ISSUER.equals(set.getIssuer()) || exp == null || iat == null) {
        throw malformed();
      }
      GrantBinding binding =
          new GrantBinding(
              required(set.getStringClaim(REQUEST)),
              required(set.getSubject()),
              required(set.getStringClaim(DATASOURCE)),
              required(set.getStringClaim(FINGERPRINT)),
              required(set.getStringClaim(SQL_HASH)),
              required(set.getStringClaim(PARAMS_DIGEST)));
      return new GrantClaims(binding, set.getStringClaim(RULE), iat.toInstant(), exp.toInstant());
    } catch (ParseException | NullPointerException e) {
      throw malformed();
    }
  }

  private static String required(String value) {
    return Objects.requireNonNull(value);
  }

  /** The first part of {@code actual} that differs from {@code expected}, described, or null. */
  static String mismatch(GrantBinding actual, GrantBinding expected) {
    if (!actual.requestId().equals(expected.requestId())) {
      return "another approval request";
    }
    if (!actual.subject().equals(expected.subject())) {
      return "another identity";
    }
    if (!actual.datasource().equals(expected.datasource())) {
      return "another datasource";
    }
    if (!actual.fingerprint().equals(expected.fingerprint())) {
      return "another statement (fingerprint)";
    }
    if (!actual.sqlHash().equals(expected.sqlHash())) {
      return "another SQL text";
    }
    if (!actual.paramsDigest().equals(expected.paramsDigest())) {
      return "other parameter values";
    }
    return null;
  }

  private static GrantException malformed() {
    return new GrantException(
        GrantException.Problem.MALFORMED, "the grant is malformed (not a PhiGuard grant JWS)");
  }
}
