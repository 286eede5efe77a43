package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each SQLState comes out as the JDBC subclass its class calls for (ARCHITECTURE.md). */
class PhiGuardErrorsTest {

  static Class<?> expectedType(SqlState state) {
    return switch (state) {
      case POLICY_DENIED, CANNOT_ANALYSE -> SQLSyntaxErrorException.class;
      case INVALID_IDENTITY -> SQLInvalidAuthorizationSpecException.class;
      case APPROVAL_PENDING, APPROVAL_EXPIRED, APPROVAL_UNREACHABLE, AUDIT_UNAVAILABLE ->
          SQLTransientException.class;
      case CONFIG_INVALID -> SQLNonTransientException.class;
      case CANNOT_CONNECT, CONNECTION_CLOSED -> SQLNonTransientConnectionException.class;
      case APPROVAL_DENIED, GRANT_INVALID, ROW_CAP_REACHED, OBJECT_CLOSED -> SQLException.class;
    };
  }

  @ParameterizedTest
  @EnumSource(SqlState.class)
  void eachStateHasItsJdbcType(SqlState state) {
    SQLException e = PhiGuardErrors.of(state, "what happened", "rule-7", 42L);
    assertThat((Throwable) e).isInstanceOf(expectedType(state));
    assertThat((Throwable) e).isInstanceOf(PhiGuardException.class);
    assertThat(e.getSQLState()).isEqualTo(state.code()).hasSize(5);
    assertThat(e.getMessage()).startsWith("PhiGuard " + state.code() + ": ");
    PhiGuardException details = (PhiGuardException) e;
    assertThat(details.state()).isEqualTo(state);
    assertThat(details.rule()).isEqualTo("rule-7");
    assertThat(details.decisionId()).isEqualTo(42L);
    // pools evict connections on timeouts and connection-class errors
    assertThat((Throwable) e)
        .isNotInstanceOf(SQLTimeoutException.class)
        .isNotInstanceOf(SQLTransientConnectionException.class)
        .isNotInstanceOf(SQLRecoverableException.class);
  }

  @ParameterizedTest
  @EnumSource(SqlState.class)
  void onlyConnectionProblemsUseClass08AndNothingUses0A000Or57P0(SqlState state) {
    boolean connectionProblem =
        state == SqlState.CANNOT_CONNECT || state == SqlState.CONNECTION_CLOSED;
    assertThat(state.code().startsWith("08")).isEqualTo(connectionProblem);
    assertThat(state.code()).isNotEqualTo("0A000").doesNotStartWith("57P0");
  }

  @Test
  void theDocumentedCodes() {
    assertThat(SqlState.POLICY_DENIED.code()).isEqualTo("42501");
    assertThat(SqlState.CANNOT_ANALYSE.code()).isEqualTo("42601");
    assertThat(SqlState.INVALID_IDENTITY.code()).isEqualTo("28000");
    assertThat(SqlState.CONNECTION_CLOSED.code()).isEqualTo("08003");
    assertThat(SqlState.OBJECT_CLOSED.code()).isEqualTo("55000");
    assertThat(SqlState.CONFIG_INVALID.code()).isEqualTo("F0000");
  }
}
