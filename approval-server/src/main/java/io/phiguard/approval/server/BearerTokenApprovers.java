package io.phiguard.approval.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Approvers proven by an OIDC access token ({@code Authorization: Bearer <JWT>}), validated offline
 * with Nimbus against a JWKS file or https URL: signature by an allowed asymmetric algorithm,
 * {@code iss}, {@code aud}, {@code exp} (with 60 s skew) and {@code sub}. Groups come from a
 * configurable claim, a dotted path such as {@code realm_access.roles} included.
 */
public final class BearerTokenApprovers implements ApproverAuthenticator {
  /** Algorithms accepted for approver tokens: asymmetric only (a JWKS is public). */
  public static final Set<String> ALLOWED =
      Set.of("RS256", "RS384", "RS512", "PS256", "ES256", "ES384");

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final String groupsClaim;

  /**
   * Tokens from {@code issuer} for {@code audience}, signed with keys at {@code jwks} (a file path
   * or an https URL) by one of {@code algorithms}, judged at {@code clock}.
   */
  public BearerTokenApprovers(
      String jwks,
      String issuer,
      String audience,
      Set<String> algorithms,
      String groupsClaim,
      Clock clock)
      throws IOException {
    for (String a : algorithms) {
      if (!ALLOWED.contains(a)) {
        throw new IllegalArgumentException(
            "approver tokens cannot be signed with " + a + "; allowed: " + ALLOWED);
      }
    }
    Set<JWSAlgorithm> allowed =
        algorithms.stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(allowed, source(jwks)));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            audience, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp")) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    claims.setMaxClockSkew(60);
    processor.setJWTClaimsSetVerifier(claims);
    this.groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim;
  }

  private static JWKSource<SecurityContext> source(String jwks) throws IOException {
    if (jwks.regionMatches(true, 0, "https:", 0, 6)) {
      return JWKSourceBuilder.<SecurityContext>create(URI.create(jwks).toURL()).build();
    }
    if (jwks.regionMatches(true, 0, "http:", 0, 5)) {
      throw new IllegalArgumentException("the approver JWKS URL must use https");
    }
    try {
      // public keys only: a symmetric key here would let anyone who reads the JWKS sign tokens
      return new ImmutableJWKSet<>(JWKSet.load(Path.of(jwks).toFile()).toPublicJWKSet());
    } catch (ParseException e) {
      throw new IOException("approver JWKS " + jwks + " is not a JWKS document", e);
    }
  }

  @Override
  public Result<Approver> authenticate(Map<String, List<String>> headers) {
    List<String> values = headers.getOrDefault("authorization", List.of());
    if (values.size() != 1 || !values.get(0).regionMatches(true, 0, "Bearer ", 0, 7)) {
      return refused("send the approver's access token as Authorization: Bearer <token>");
    }
    String token = values.get(0).substring(7).strip();
    try {
      JWTClaimsSet claims = processor.process(token, null);
      return Result.ok(new Approver(claims.getSubject(), groups(claims), "oidc"));
    } catch (ParseException e) {
      return refused("the bearer token is not a signed JWT");
    } catch (BadJOSEException e) {
      // Nimbus's wording names the failed check (expired, issuer, audience, signature)
      return refused("the bearer token is refused: " + e.getMessage());
    } catch (JOSEException e) {
      return refused("the bearer token cannot be checked (" + e.getClass().getSimpleName() + ")");
    }
  }

  private Set<String> groups(JWTClaimsSet claims) {
    return groups(claims, groupsClaim);
  }

  /** The groups in {@code claim} (a dotted path; a list or a space/comma separated string). */
  static Set<String> groups(JWTClaimsSet claims, String claim) {
    String groupsClaim = claim == null || claim.isBlank() ? "groups" : claim;
    Object value = claims.getClaims();
    for (String part : groupsClaim.split("\\.")) {
      value = value instanceof Map<?, ?> m ? m.get(part) : null;
    }
    Set<String> groups = new LinkedHashSet<>();
    if (value instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof String s) {
          groups.add(s);
        }
      }
    } else if (value instanceof String s) {
      for (String g : s.split("[ ,]")) {
        if (!g.isBlank()) {
          groups.add(g);
        }
      }
    }
    return groups;
  }

  private static Result<Approver> refused(String why) {
    return Result.refused(Refusal.Kind.UNAUTHENTICATED, why);
  }

  @Override
  public String toString() {
    return "BearerTokenApprovers[groups claim " + groupsClaim.toLowerCase(Locale.ROOT) + "]";
  }
}
