package io.phiguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code approvals.client-token}: where the token the driver shows the approval server is kept. */
class ApprovalClientTokenTest {
  private static final String HEAD =
      """
      version: 1
      approvals:
        server: http://localhost:8470
        rules:
          - { name: bulk-export, when: export, approvers: [privacy] }
      """;

  private static PolicyException failure(String yaml) {
    PolicyException e =
        catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse(yaml, "bad.yaml"));
    assertThat(e).as("expected the policy to be refused").isNotNull();
    return e;
  }

  @Test
  void readsAnEnvOrFileReferenceWithItsLocation() throws PolicyException {
    ApprovalSettings env =
        PolicyLoader.parse(HEAD + "  client-token: env:PHIGUARD_CLIENT_TOKEN\n", "ok.yaml")
            .approvals();
    SecretRef ref = env.clientToken().orElseThrow();
    assertThat(ref.kind()).isEqualTo(SecretRef.Kind.ENV);
    assertThat(ref.name()).isEqualTo("PHIGUARD_CLIENT_TOKEN");
    assertThat(ref.location().line()).isEqualTo(6);

    ApprovalSettings file =
        PolicyLoader.parse(HEAD + "  client-token: file:/run/secrets/phiguard-client\n", "ok.yaml")
            .approvals();
    assertThat(file.clientToken().orElseThrow().toString())
        .isEqualTo("file:/run/secrets/phiguard-client");
  }

  @Test
  void withoutTheKeyThereIsNoToken() throws PolicyException {
    assertThat(PolicyLoader.parse(HEAD, "ok.yaml").approvals().clientToken()).isEmpty();
    assertThat(ApprovalSettings.none().clientToken()).isEmpty();
  }

  @Test
  void aTokenWrittenInTheFileIsRefusedWithFileAndLineWithoutEchoingIt() {
    PolicyException e = failure(HEAD + "  client-token: 900-11-0001-literal-token-value\n");
    assertThat(e.location()).isEqualTo(new SourceLocation("bad.yaml", 6, 17));
    assertThat(e.getMessage())
        .contains("'client-token' must say where the secret is kept")
        .contains("client-token: env:VARIABLE")
        .doesNotContain("literal-token-value");
  }

  @Test
  void aMisspelledKeyIsSuggested() {
    PolicyException e = failure(HEAD + "  client_token: env:X\n");
    assertThat(e.location().line()).isEqualTo(6);
    assertThat(e.getMessage()).contains("unknown key 'client_token'", "client-token");
  }

  @Test
  void theTokenIsReadOnlyWhenResolvedAndNeverShownBySettings() throws PolicyException {
    ApprovalSettings a =
        PolicyLoader.parse(HEAD + "  client-token: env:PHIGUARD_CLIENT_TOKEN\n", "ok.yaml")
            .approvals();
    String token = "tok-0123456789abcdef-synthetic";
    byte[] resolved =
        a.clientToken().orElseThrow().resolve(Map.of("PHIGUARD_CLIENT_TOKEN", token)::get);
    assertThat(new String(resolved, StandardCharsets.UTF_8)).isEqualTo(token);
    assertThat(a.toString()).contains("env:PHIGUARD_CLIENT_TOKEN").doesNotContain(token);

    PolicyException missing =
        catchThrowableOfType(
            PolicyException.class, () -> a.clientToken().orElseThrow().resolve(n -> null));
    assertThat(missing.location().line()).isEqualTo(6);
    assertThat(missing.getMessage()).contains("PHIGUARD_CLIENT_TOKEN is not set");
  }

  @Test
  void theReferenceIsPartOfThePolicyVersionOnlyWhenSet() throws PolicyException {
    String without = PolicyLoader.parse(HEAD, "f.yaml").policyVersion();
    String with =
        PolicyLoader.parse(HEAD + "  client-token: env:A_TOKEN\n", "f.yaml").policyVersion();
    String other =
        PolicyLoader.parse(HEAD + "  client-token: env:B_TOKEN\n", "f.yaml").policyVersion();
    assertThat(with).isNotEqualTo(without).isNotEqualTo(other);
  }
}
