package io.phiguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The server-side keys of {@code approvals:}, read for {@code ./phiguard approvals serve}. */
class ApprovalServerSettingsTest {
  private static final String HEAD =
      """
      version: 1
      approvals:
        server: http://localhost:8470
        rules:
          - { name: schema-change, when: ddl, approvers: [dba] }
      """;

  private static PolicyException failure(String yaml) {
    PolicyException e =
        catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse(yaml, "bad.yaml"));
    assertThat(e).as("expected the policy to be refused").isNotNull();
    return e;
  }

  @Test
  void readsEveryServerKeyWithSecretsAsReferences() throws PolicyException {
    ApprovalServerSettings s =
        PolicyLoader.parse(
                HEAD
                    + """
                      data-dir: /var/lib/phiguard
                      public-url: https://approvals.example.com
                      bind: 0.0.0.0
                      dev-mode: false
                      oidc:
                        issuer: https://login.example.com/realms/ehr
                        client-id: phiguard-console
                        client-secret: env:PHIGUARD_OIDC_SECRET
                        groups-claim: realm_access.roles
                      webhooks:
                        - { url: https://hooks.example.com/a, secret: env:HOOK_SECRET }
                      slack:
                        signing-secret: file:/run/secrets/slack
                        users: { U123: { subject: alice, groups: [dba] } }
                      teams-webhook: env:TEAMS_URL
                      callback:
                        secret: env:CALLBACK_SECRET
                        approvers: { release-bot: [dba] }
                    """,
                "ok.yaml")
            .approvals()
            .serverSide();
    assertThat(s.dataDir()).hasValue("/var/lib/phiguard");
    assertThat(s.publicUrl()).hasValue(URI.create("https://approvals.example.com"));
    assertThat(s.bind()).hasValue("0.0.0.0");
    assertThat(s.devMode()).isFalse();
    assertThat(s.oidc().orElseThrow().groupsClaim()).isEqualTo("realm_access.roles");
    assertThat(s.oidc().orElseThrow().clientSecret().orElseThrow().toString())
        .isEqualTo("env:PHIGUARD_OIDC_SECRET");
    assertThat(s.webhooks())
        .singleElement()
        .satisfies(w -> assertThat(w.secret().name()).isEqualTo("HOOK_SECRET"));
    assertThat(s.slack().orElseThrow().users().get("U123"))
        .isEqualTo(new ApprovalServerSettings.ChatApprover("alice", Set.of("dba")));
    assertThat(s.callback().orElseThrow().approvers()).containsEntry("release-bot", Set.of("dba"));
    assertThat(s.teamsWebhook().orElseThrow().kind()).isEqualTo(SecretRef.Kind.ENV);
  }

  @Test
  void aPolicyWithoutServerKeysGetsTheDefaults() throws PolicyException {
    assertThat(PolicyLoader.parse(HEAD, "ok.yaml").approvals().serverSide())
        .isEqualTo(ApprovalServerSettings.defaults());
  }

  @Test
  void unknownServerKeysFailWithFileAndLine() {
    PolicyException e =
        failure(
            HEAD
                + "  oidc:\n    issuer: https://x.example\n    client-id: c\n    clientsecret: env:X\n");
    assertThat(e.location()).isEqualTo(new SourceLocation("bad.yaml", 9, 5));
    assertThat(e.getMessage()).contains("unknown key 'clientsecret' in 'oidc'", "client-secret");

    PolicyException top = failure(HEAD + "  public_url: http://x\n");
    assertThat(top.location().line()).isEqualTo(6);
  }

  @Test
  void aSecretWrittenInTheFileIsRefusedWithoutEchoingIt() {
    PolicyException e = failure(HEAD + "  callback: { secret: s3cr3t-s3cr3t-s3cr3t-value }\n");
    assertThat(e.location().line()).isEqualTo(6);
    assertThat(e.getMessage())
        .contains("must say where the secret is kept")
        .doesNotContain("s3cr3t");
  }
}
