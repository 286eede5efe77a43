package io.phiguard.approval.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ID token validation of the console login: every check refuses a token spoiled in one way. */
class OidcLoginTest {
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private TestOidcProvider idp;
  private OidcLogin login;

  @BeforeEach
  void start() throws Exception {
    idp = new TestOidcProvider(clock);
    login = OidcLogin.create(idp.config(), HttpClient.newHttpClient(), clock);
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  @Test
  void aValidIdTokenNamesTheApproverAndGroups() throws Exception {
    Approver a = login.validate(idp.idToken("alice", List.of("dba", "security"), "n1"), "n1");
    assertThat(a.subject()).isEqualTo("alice");
    assertThat(a.groups()).containsExactlyInAnyOrder("dba", "security");
    assertThat(a.channel()).isEqualTo("console");
  }

  @Test
  void spoiledTokensAreRefused() throws Exception {
    List<String> g = List.of("dba");
    String otherAudience = idp.sign(idp.claims("alice", g, "n1").audience("someone-else").build());
    String otherIssuer =
        idp.sign(idp.claims("alice", g, "n1").issuer("http://127.0.0.1:1").build());
    String noNonce = idp.sign(idp.claims("alice", g, null).build());
    for (String token : List.of(otherAudience, otherIssuer, noNonce)) {
      assertThatThrownBy(() -> login.validate(token, "n1"))
          .isInstanceOf(OidcLogin.LoginFailed.class)
          .hasMessageStartingWith("the ID token is refused");
    }
    // signed by a key the issuer does not publish
    SignedJWT foreign =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("idp-1").build(),
            idp.claims("alice", g, "n1").build());
    foreign.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
    assertThatThrownBy(() -> login.validate(foreign.serialize(), "n1"))
        .isInstanceOf(OidcLogin.LoginFailed.class);
    // HS256 is not on the allow-list, whatever its key
    SignedJWT mac =
        new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), idp.claims("alice", g, "n1").build());
    mac.sign(
        new MACSigner(
            "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> login.validate(mac.serialize(), "n1"))
        .isInstanceOf(OidcLogin.LoginFailed.class);
    // expired (beyond the 60 s skew)
    String fresh = idp.idToken("alice", g, "n1");
    clock.advance(Duration.ofMinutes(7));
    assertThatThrownBy(() -> login.validate(fresh, "n1"))
        .isInstanceOf(OidcLogin.LoginFailed.class)
        .hasMessageContaining("xpired");
  }

  @Test
  void endpointsMustBeHttpsExceptOnLoopback() {
    ServerOptions.ConsoleOidc plain =
        ServerOptions.ConsoleOidc.discovered(
            URI.create("http://idp.example.com"), "c", null, "groups");
    assertThatThrownBy(() -> OidcLogin.create(plain, HttpClient.newHttpClient(), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must use https");
  }

  @Test
  void theAuthorizeUrlCarriesPkceStateAndNonce() {
    URI u =
        login.authorizeUrl(URI.create("http://127.0.0.1:1/console/callback"), "st", "no", "ver");
    assertThat(u.getRawQuery())
        .contains(
            "response_type=code",
            "client_id=" + TestOidcProvider.CLIENT_ID,
            "state=st",
            "nonce=no",
            "code_challenge=" + OidcLogin.challenge("ver"),
            "code_challenge_method=S256")
        .doesNotContain("ver&");
  }
}
