package io.phiguard.driver.token;

import static io.phiguard.driver.token.TokenFixture.claims;
import static io.phiguard.driver.token.TokenVerifierTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.driver.GateDecision;
import io.phiguard.driver.GateListener;
import io.phiguard.driver.GateRequest;
import io.phiguard.driver.GuardFixtures;
import io.phiguard.driver.PhiGuard;
import io.phiguard.driver.PhiGuardConfig;
import io.phiguard.driver.PhiGuardDataSource;
import io.phiguard.policy.Identity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens through the driver over H2: identities are resolved and checked per statement. */
class TokenConnectionTest {
  @TempDir Path dir;
  TokenFixture keys;
  final Recording listener = new Recording();

  /** The identity of every statement the gate let through. */
  static final class Recording implements GateListener {
    final List<Identity> identities = new CopyOnWriteArrayList<>();

    @Override
    public void onDecision(GateRequest request, GateDecision decision) {
      identities.add(request.identity());
    }

    Identity last() {
      return identities.get(identities.size() - 1);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    keys = new TokenFixture(dir);
  }

  private static String h2(String name) {
    return "h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  private PhiGuardDataSource wrapped(PhiGuardConfig.Builder config) {
    return PhiGuardDataSource.wrap(GuardFixtures.h2DataSource(), config.listener(listener).build());
  }

  private static void selectOne(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      assertThat(rs.next()).isTrue();
    }
  }

  private Properties tokenProperties(String token) {
    Properties props = new Properties();
    props.setProperty("user", "sa");
    props.setProperty("phiguard.token", token);
    props.setProperty("phiguard.jwks", keys.jwks.toString());
    props.setProperty("phiguard.issuer", TokenFixture.ISSUER);
    props.setProperty("phiguard.audience", TokenFixture.AUDIENCE);
    return props;
  }

  @Test
  void connectionTokenIsTheVerifiedIdentityOfEachStatement() throws Exception {
    String token = keys.rs256(claims("alice", c -> c.claim("groups", List.of("clinician"))));
    try (Connection c =
        wrapped(PhiGuardConfig.builder().tokenSettings(keys.settings().build()).token(token))
            .getConnection()) {
      selectOne(c);
    }
    Identity identity = listener.last();
    assertThat(identity.subject()).isEqualTo("alice");
    assertThat(identity.groups()).containsExactly("clinician");
    assertThat(identity.verified()).isTrue();
    assertThat(identity.source()).isEqualTo(Identity.Source.TOKEN);
  }

  @Test
  void agentTokenWithActClaimReachesTheGateWithTheHuman() throws Exception {
    // what the gate hands its listeners is what the audit trail records (subject, agent,
    // on_behalf_of, verified)
    String token =
        keys.eddsa(
            claims(
                "alice",
                c ->
                    c.claim("groups", List.of("clinician"))
                        .claim("act", java.util.Map.of("sub", "claude-code"))));
    try (Connection c =
        wrapped(PhiGuardConfig.builder().tokenSettings(keys.settings().build()).token(token))
            .getConnection()) {
      selectOne(c);
    }
    Identity identity = listener.last();
    assertThat(identity.subject()).isEqualTo("claude-code");
    assertThat(identity.agent()).isEqualTo("claude-code");
    assertThat(identity.onBehalfOf()).containsExactly("alice");
    assertThat(identity.verified()).isTrue();
  }

  @Test
  void expiredTokenFailsTheStatementButNotTheConnection() throws Exception {
    // real clock: a token that expired an hour ago, through DriverManager and properties
    java.time.Instant past = java.time.Instant.now().minus(Duration.ofHours(1));
    String token =
        keys.rs256(
            claims("alice")
                .issueTime(java.util.Date.from(past.minusSeconds(600)))
                .notBeforeTime(java.util.Date.from(past.minusSeconds(600)))
                .expirationTime(java.util.Date.from(past))
                .build());

    try (Connection c =
        DriverManager.getConnection("jdbc:phiguard:" + h2("expired"), tokenProperties(token))) {
      assertThat(c.isValid(2)).isTrue();
      assertRefused(() -> selectOne(c), token, "expired");
      assertThat(c.isValid(2)).isTrue();
      assertThat(c.isClosed()).isFalse();
    }
  }

  @Test
  void validTokenThroughDriverManager() throws Exception {
    java.time.Instant now = java.time.Instant.now();
    String token =
        keys.es256(
            claims("svc-etl")
                .issueTime(java.util.Date.from(now))
                .notBeforeTime(java.util.Date.from(now))
                .expirationTime(java.util.Date.from(now.plusSeconds(300)))
                .build());
    try (Connection c =
        DriverManager.getConnection("jdbc:phiguard:" + h2("valid"), tokenProperties(token))) {
      selectOne(c);
    }
  }

  @Test
  void tokenFileIsReadAgainWhenRotated() throws Exception {
    Path file = dir.resolve("token");
    write(file, keys.rs256(claims("svc-v1").build()));
    try (Connection c =
        wrapped(PhiGuardConfig.builder().tokenSettings(keys.settings().build()).tokenFile(file))
            .getConnection()) {
      selectOne(c);
      assertThat(listener.last().subject()).isEqualTo("svc-v1");

      write(file, keys.rs256(claims("svc-v2").build()));
      selectOne(c);
      assertThat(listener.last().subject()).isEqualTo("svc-v2");

      Files.delete(file);
      assertRefused(() -> selectOne(c), "", "cannot read phiguard.tokenFile");
    }
  }

  @Test
  void actingAsTokenScopesAVerifiedIdentity() throws Exception {
    String bob = keys.rs256(claims("bob", c -> c.claim("purpose", "treatment")));
    PhiGuardDataSource ds =
        wrapped(PhiGuardConfig.builder().tokenSettings(keys.settings().build()));
    try (Connection c = ds.getConnection()) {
      try (PhiGuard.Scope scope = PhiGuard.actingAsToken(bob)) {
        selectOne(c);
        assertThat(scope.toString()).doesNotContain(bob);
      }
      assertThat(listener.last().subject()).isEqualTo("bob");
      assertThat(listener.last().verified()).isTrue();
      assertThat(listener.last().purpose()).isEqualTo("treatment");

      selectOne(c);
      assertThat(listener.last().isNone()).isTrue();

      keys.clock.advance(Duration.ofHours(1));
      try (PhiGuard.Scope scope = PhiGuard.actingAsToken(bob)) {
        assertRefused(() -> selectOne(c), bob, "expired");
      }
    }
  }

  @Test
  void actingAsTokenWithoutTokenSettingsIsRefused() throws Exception {
    String bob = keys.rs256(claims("bob").build());
    try (Connection c = wrapped(PhiGuardConfig.builder()).getConnection();
        PhiGuard.Scope scope = PhiGuard.actingAsToken(bob)) {
      assertRefused(() -> selectOne(c), bob, "phiguard.jwks");
    }
  }

  @Test
  void applicationScopeCannotReplaceAVerifiedTokenIdentity() throws Exception {
    String service = keys.rs256(claims("svc-api", c -> c.claim("groups", List.of("backend"))));
    try (Connection c =
            wrapped(PhiGuardConfig.builder().tokenSettings(keys.settings().build()).token(service))
                .getConnection();
        PhiGuard.Scope scope = PhiGuard.actingAs(Identity.of("alice").groups("admin").build())) {
      assertRefused(() -> selectOne(c), service, "cannot replace");
    }
  }

  @Test
  void actorMayScopeOthersAndIsRecordedAsTheAgent() throws Exception {
    String service =
        keys.rs256(claims("svc-api", c -> c.claim("groups", List.of("phiguard-actors"))));
    try (Connection c =
            wrapped(
                    PhiGuardConfig.builder()
                        .tokenSettings(keys.settings().actorsGroup("phiguard-actors").build())
                        .token(service))
                .getConnection();
        PhiGuard.Scope scope =
            PhiGuard.actingAs(Identity.of("alice").groups("clinician").build())) {
      selectOne(c);
    }
    Identity identity = listener.last();
    assertThat(identity.subject()).isEqualTo("alice");
    assertThat(identity.groups()).containsExactly("clinician");
    assertThat(identity.agent()).isEqualTo("svc-api");
    assertThat(identity.verified()).isFalse();
    assertThat(identity.source()).isEqualTo(Identity.Source.APPLICATION);
  }

  @Test
  void applicationCannotForgeAVerifiedIdentity() throws Exception {
    Identity forged =
        new Identity(
            "mallory", java.util.Set.of("admin"), "", List.of(), "", true, Identity.Source.TOKEN);
    try (Connection c = wrapped(PhiGuardConfig.builder()).getConnection();
        PhiGuard.Scope scope = PhiGuard.actingAs(forged)) {
      selectOne(c);
    }
    assertThat(listener.last().verified()).isFalse();
    assertThat(listener.last().source()).isEqualTo(Identity.Source.APPLICATION);
  }

  @Test
  void tokenConfigurationErrorsAreReportedAtConnect() throws Exception {
    Properties noJwks = tokenProperties("a.b.c");
    noJwks.remove("phiguard.jwks");
    assertConfigError(noJwks, "phiguard.jwks");

    Properties both = tokenProperties("a.b.c");
    both.setProperty("phiguard.subject", "alice");
    assertConfigError(both, "not both");

    Properties hs = tokenProperties("a.b.c");
    hs.setProperty("phiguard.algorithms", "RS256,HS256");
    assertConfigError(hs, "HS256");

    Properties skew = tokenProperties("a.b.c");
    skew.setProperty("phiguard.clockSkew", "soon");
    assertConfigError(skew, "phiguard.clockSkew");

    Properties twoTokens = tokenProperties("a.b.c");
    twoTokens.setProperty("phiguard.tokenFile", dir.resolve("t").toString());
    assertConfigError(twoTokens, "only one");
  }

  private static void assertConfigError(Properties props, String message) {
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:phiguard:" + h2("bad"), props))
        .hasFieldOrPropertyWithValue("SQLState", "F0000")
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("a.b.c"));
  }

  @Test
  void configToStringNeverShowsTheToken() throws Exception {
    String token = keys.rs256(claims("alice").build());
    PhiGuardConfig config =
        PhiGuardConfig.builder().tokenSettings(keys.settings().build()).token(token).build();
    assertThat(config.toString()).doesNotContain(token).contains(TokenFixture.ISSUER);
  }

  private static void write(Path file, String token) throws Exception {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
