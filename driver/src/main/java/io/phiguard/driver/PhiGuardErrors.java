package io.phiguard.driver;

import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientException;

/**
 * Creates PhiGuard's own exceptions: the JDBC subclass that matches each SQLState's class, so that
 * callers can catch by type. Messages say what happened and what to do; they never carry SQL text
 * or values.
 */
public final class PhiGuardErrors {
  private PhiGuardErrors() {}

  /** An exception for {@code state} with no rule and no decision. */
  public static SQLException of(SqlState state, String message) {
    return of(state, message, "", 0L);
  }

  /**
   * An exception for {@code state}.
   *
   * @param message what happened and what to do; never SQL text or values
   * @param rule the rule that decided, or empty
   * @param decisionId the gate decision, or 0
   */
  public static SQLException of(SqlState state, String message, String rule, long decisionId) {
    String text = "PhiGuard " + state.code() + ": " + message;
    return switch (state) {
      case POLICY_DENIED, CANNOT_ANALYSE -> new Syntax(text, state, rule, decisionId);
      case INVALID_IDENTITY -> new Authorization(text, state, rule, decisionId);
      case APPROVAL_PENDING, APPROVAL_EXPIRED, APPROVAL_UNREACHABLE, AUDIT_UNAVAILABLE ->
          new Transient(text, state, rule, decisionId);
      case CONFIG_INVALID -> new Config(text, state, rule, decisionId);
      case CANNOT_CONNECT, CONNECTION_CLOSED -> new Connection(text, state, rule, decisionId);
      case APPROVAL_DENIED, GRANT_INVALID, ROW_CAP_REACHED, OBJECT_CLOSED ->
          new General(text, state, rule, decisionId);
    };
  }

  /** Policy denials and statements that cannot be analysed (class 42). */
  public static final class Syntax extends SQLSyntaxErrorException implements PhiGuardException {
    private static final long serialVersionUID = 1L;
    private final Details details;

    Syntax(String message, SqlState state, String rule, long decisionId) {
      super(message, state.code());
      this.details = new Details(state, rule, decisionId);
    }

    @Override
    public Details details() {
      return details;
    }
  }

  /** Unknown, invalid or expired identities (class 28). */
  public static final class Authorization extends SQLInvalidAuthorizationSpecException
      implements PhiGuardException {
    private static final long serialVersionUID = 1L;
    private final Details details;

    Authorization(String message, SqlState state, String rule, long decisionId) {
      super(message, state.code());
      this.details = new Details(state, rule, decisionId);
    }

    @Override
    public Details details() {
      return details;
    }
  }

  /** Outcomes that may succeed when retried: pending approvals, outages. */
  public static final class Transient extends SQLTransientException implements PhiGuardException {
    private static final long serialVersionUID = 1L;
    private final Details details;

    Transient(String message, SqlState state, String rule, long decisionId) {
      super(message, state.code());
      this.details = new Details(state, rule, decisionId);
    }

    @Override
    public Details details() {
      return details;
    }
  }

  /** Invalid configuration, reported when a connection is opened. */
  public static final class Config extends SQLNonTransientException implements PhiGuardException {
    private static final long serialVersionUID = 1L;
    private final Details details;

    Config(String message, SqlState state, String rule, long decisionId) {
      super(message, state.code());
      this.details = new Details(state, rule, decisionId);
    }

    @Override
    public Details details() {
      return details;
    }
  }

  /** Connection failures and use of a closed connection (class 08): never a policy outcome. */
  public static final class Connection extends SQLNonTransientConnectionException
      implements PhiGuardException {
    private static final long serialVersionUID = 1L;
    private final Details details;

    Connection(String message, SqlState state, String rule, long decisionId) {
      super(message, state.code());
      this.details = new Details(state, rule, decisionId);
    }

    @Override
    public Details details() {
      return details;
    }
  }

  /** Everything else: denied approvals, invalid grants, row caps, closed objects. */
  public static final class General extends SQLException implements PhiGuardException {
    private static final long serialVersionUID = 1L;
    private final Details details;

    General(String message, SqlState state, String rule, long decisionId) {
      super(message, state.code());
      this.details = new Details(state, rule, decisionId);
    }

    @Override
    public Details details() {
      return details;
    }
  }
}
