package io.phiguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityTest {

  @Test
  void applicationIdentitiesAreAssertedNotVerified() {
    Identity id =
        Identity.of(" alice ").groups("clinician").agent("claude").onBehalfOf("bob").build();

    assertThat(id.subject()).isEqualTo("alice");
    assertThat(id.verified()).isFalse();
    assertThat(id.source()).isEqualTo(Identity.Source.APPLICATION);
    assertThat(id.inGroup("clinician")).isTrue();
    assertThat(id.toString()).contains("alice", "claude", "bob", "unverified");
  }

  @Test
  void onlyATokenCanVerify() {
    assertThatThrownBy(
            () ->
                new Identity(
                    "alice",
                    Set.of(),
                    "",
                    List.of(),
                    "",
                    true,
                    Identity.Source.CONNECTION_PROPERTIES))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blankSubjectsAreRefused() {
    assertThatThrownBy(() -> Identity.of("  ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noneIsNone() {
    assertThat(Identity.none().isNone()).isTrue();
    assertThat(Identity.of("a").build().isNone()).isFalse();
  }
}
