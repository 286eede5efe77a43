package io.phiguard.approval.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevModeApproversTest {
  @Test
  void theDevHeaderIsTrustedOnlyInDevMode() {
    Map<String, List<String>> headers =
        Map.of(
            "x-phiguard-dev-approver",
            List.of("erin"),
            "x-phiguard-dev-groups",
            List.of("dba, security"));
    assertThat(ApproverAuthenticator.NONE.authenticate(headers)).isInstanceOf(Result.Refused.class);
    Approver erin =
        new DevModeApprovers(ApproverAuthenticator.NONE).authenticate(headers).orThrow();
    assertThat(erin.subject()).isEqualTo("erin");
    assertThat(erin.groups()).containsExactlyInAnyOrder("dba", "security");
    assertThat(erin.channel()).isEqualTo("dev");
  }

  @Test
  void withoutTheHeaderDevModeFallsBackToItsDelegate() {
    assertThat(new DevModeApprovers(ApproverAuthenticator.NONE).authenticate(Map.of()))
        .isInstanceOf(Result.Refused.class);
  }
}
