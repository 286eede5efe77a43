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

  /**
   * An approval outcome ({@code PH001}–{@code PH005}) carrying the request id and console URL:
   * pending, expired and unreachable are {@link SQLTransientException}s (a retry may succeed),
   * denied and invalid grants are plain {@link SQLException}s.
   */
  public static SQLException approval(
      SqlState state,
      String message,
      String rule,
      long decisionId,
      String requestId,
      String consoleUrl) {
    String text = "PhiGuard " + state.code() + ": " + message;
    PhiGuardException.Details details = new PhiGuardException.Details(state, rule, decisionId);
    return switch (state) {
      case APPROVAL_PENDING, APPROVAL_EXPIRED, APPROVAL_UNREACHABLE ->
          new ApprovalTransient(text, details, requestId, consoleUrl);
      default -> new ApprovalRefused(text, details, requestId, consoleUrl);
    };
  }

  /** What an approval refusal tells besides its SQLState: the request and where to decide it. */
  public interface ApprovalDetails extends PhiGuardException {
    /** The approval request id ({@code apr_…}), or null when none could be made. */
    String requestId();

    /** The console page of the request, or null. */
    String consoleUrl();
  }

  /**
   * {@code PH001}, {@code PH003}, {@code PH004}: a retry of the identical statement may succeed.
   */
  public static final class ApprovalTransient extends SQLTransientException
      implements ApprovalDetails {
    private static final long serialVersionUID = 1L;
    private final Details details;
    private final String requestId;
    private final String consoleUrl;

    ApprovalTransient(String message, Details details, String requestId, String consoleUrl) {
      super(message, details.state().code());
      this.details = details;
      this.requestId = requestId;
      this.consoleUrl = consoleUrl;
    }

    @Override
    public Details details() {
      return details;
    }

    @Override
    public String requestId() {
      return requestId;
    }

    @Override
    public String consoleUrl() {
      return consoleUrl;
    }
  }

  /** {@code PH002}, {@code PH005}: denied, or a grant that cannot be used. */
  public static final class ApprovalRefused extends SQLException implements ApprovalDetails {
    private static final long serialVersionUID = 1L;
    private final Details details;
    private final String requestId;
    private final String consoleUrl;

    ApprovalRefused(String message, Details details, String requestId, String consoleUrl) {
      super(message, details.state().code());
      this.details = details;
      this.requestId = requestId;
      this.consoleUrl = consoleUrl;
    }

    @Override
    public Details details() {
      return details;
    }

    @Override
    public String requestId() {
      return requestId;
    }

    @Override
    public String consoleUrl() {
      return consoleUrl;
    }
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
