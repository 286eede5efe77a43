package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.driver.GuardFixtures.RecordingListener;
import io.phiguard.policy.Identity;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // scopes are opened for their effect
class PhiGuardScopeTest {
  private static final Identity ALICE = Identity.of("alice").build();
  private static final Identity BOB = Identity.of("bob").build();

  @AfterEach
  void noScopeLeaks() {
    assertThat(PhiGuard.scopedIdentity()).isNull();
  }

  @Test
  void nestedScopesRestoreTheOuterIdentity() {
    try (PhiGuard.Scope outer = PhiGuard.actingAs(ALICE)) {
      assertThat(PhiGuard.scopedIdentity().subject()).isEqualTo("alice");
      assertThat(outer.identity().source()).isEqualTo(Identity.Source.APPLICATION);
      try (PhiGuard.Scope inner = PhiGuard.actingAs(BOB)) {
        assertThat(PhiGuard.scopedIdentity().subject()).isEqualTo("bob");
      }
      assertThat(PhiGuard.scopedIdentity().subject()).isEqualTo("alice");
    }
    assertThat(PhiGuard.scopedIdentity()).isNull();
  }

  @Test
  void closingTheOuterScopeEndsTheInnerOnes() {
    PhiGuard.Scope outer = PhiGuard.actingAs(ALICE);
    PhiGuard.Scope inner = PhiGuard.actingAs(BOB);
    outer.close();
    assertThat(PhiGuard.scopedIdentity()).isNull();
    inner.close();
    assertThat(PhiGuard.scopedIdentity()).isNull();
  }

  @Test
  void noneIsNotAnIdentityToActAs() {
    assertThatThrownBy(() -> PhiGuard.actingAs(Identity.none()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scopeIdentityWinsOverConnectionPropertiesAtExecuteTime() throws SQLException {
    RecordingListener listener = new RecordingListener();
    Identity carol =
        new Identity(
            "carol",
            java.util.Set.of(),
            "",
            java.util.List.of(),
            "",
            false,
            Identity.Source.CONNECTION_PROPERTIES);
    try (Connection c =
            PhiGuardDataSource.wrap(
                    GuardFixtures.h2DataSource(),
                    PhiGuardConfig.builder().listener(listener).connectionIdentity(carol).build())
                .getConnection();
        // created outside any scope: the identity is read when each statement runs
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT 1").close();
      try (PhiGuard.Scope scope = PhiGuard.actingAs(ALICE)) {
        s.executeQuery("SELECT 2").close();
      }
      s.executeQuery("SELECT 3").close();
    }
    assertThat(listener.requests)
        .extracting(r -> r.identity().subject() + "/" + r.identity().source())
        .containsExactly(
            "carol/CONNECTION_PROPERTIES", "alice/APPLICATION", "carol/CONNECTION_PROPERTIES");
  }

  @Test
  void anotherThreadDoesNotSeeTheScope() throws Exception {
    AtomicReference<Object> seen = new AtomicReference<>("unset");
    try (PhiGuard.Scope scope = PhiGuard.actingAs(ALICE)) {
      Thread other = new Thread(() -> seen.set(PhiGuard.scopedIdentity()));
      other.start();
      other.join();
      assertThat(PhiGuard.scopedIdentity().subject()).isEqualTo("alice");
    }
    assertThat(seen.get()).isNull();
  }

  @Test
  void onlyTheOpeningThreadMayCloseTheScope() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    try (PhiGuard.Scope scope = PhiGuard.actingAs(ALICE)) {
      Thread other =
          new Thread(
              () -> {
                try {
                  scope.close();
                } catch (Throwable t) {
                  thrown.set(t);
                }
              });
      other.start();
      other.join();
      assertThat(PhiGuard.scopedIdentity().subject()).isEqualTo("alice");
    }
    assertThat(thrown.get()).isInstanceOf(IllegalStateException.class);
  }
}
