package io.phiguard.driver.jdbc;

import io.phiguard.driver.PhiGuardException;
import java.sql.BatchUpdateException;
import java.sql.DataTruncation;
import java.sql.SQLClientInfoException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.sql.SQLWarning;

/**
 * The one hook every delegate exception passes: it is rebuilt as a redacted copy of its JDBC type
 * (the nearest {@code java.sql} class), with the same SQLState and vendor code, so retry logic and
 * pools behave as with the raw driver, but no value the server echoed reaches the caller.
 *
 * <p>Vendor subclasses are not reproduced on purpose: they carry the raw server message (pgjdbc's
 * {@code PSQLException.getServerErrorMessage()} holds the Detail with the values). For the same
 * reason the original is not attached as the cause; its stack trace is kept.
 */
public final class VendorErrors {
  private static final int MAX_CHAIN = 64;

  private VendorErrors() {}

  /** The redacted copy of {@code e} and of every exception chained to it. */
  public static SQLException rebuild(SQLException e) {
    if (e instanceof PhiGuardException) {
      return e;
    }
    SQLException copy = copyOne(e);
    SQLException tail = copy;
    SQLException next = e.getNextException();
    for (int i = 0; next != null && i < MAX_CHAIN; i++) {
      SQLException nextCopy = next instanceof PhiGuardException ? next : copyOne(next);
      tail.setNextException(nextCopy);
      tail = nextCopy;
      next = next.getNextException();
    }
    return copy;
  }

  /** For the methods declared to throw only {@link SQLClientInfoException}. */
  public static SQLClientInfoException rebuild(SQLClientInfoException e) {
    SQLClientInfoException copy =
        new SQLClientInfoException(
            MessageRedactor.redact(e.getMessage()),
            e.getSQLState(),
            e.getErrorCode(),
            e.getFailedProperties());
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  /** The redacted copy of a warning chain; null stays null. */
  static SQLWarning rebuildWarnings(SQLWarning warning) {
    if (warning == null) {
      return null;
    }
    SQLWarning head = copyWarning(warning);
    SQLWarning tail = head;
    SQLWarning next = warning.getNextWarning();
    for (int i = 0; next != null && i < MAX_CHAIN; i++) {
      SQLWarning nextCopy = copyWarning(next);
      tail.setNextWarning(nextCopy);
      tail = nextCopy;
      next = next.getNextWarning();
    }
    return head;
  }

  private static SQLWarning copyWarning(SQLWarning w) {
    SQLWarning copy;
    if (w instanceof DataTruncation t) {
      copy = new RebuiltDataTruncation(t);
    } else {
      copy =
          new SQLWarning(MessageRedactor.redact(w.getMessage()), w.getSQLState(), w.getErrorCode());
    }
    copy.setStackTrace(w.getStackTrace());
    return copy;
  }

  private static SQLException copyOne(SQLException e) {
    String message = MessageRedactor.redact(e.getMessage());
    String state = e.getSQLState();
    int code = e.getErrorCode();
    SQLException copy;
    if (e instanceof BatchUpdateException batch) {
      long[] counts = batch.getLargeUpdateCounts();
      copy = new BatchUpdateException(message, state, code, counts, null);
    } else if (e instanceof SQLClientInfoException info) {
      copy = new SQLClientInfoException(message, state, code, info.getFailedProperties());
    } else if (e instanceof SQLWarning warning) {
      copy = copyWarning(warning);
    } else if (e instanceof SQLTimeoutException) {
      copy = new SQLTimeoutException(message, state, code);
    } else if (e instanceof SQLTransactionRollbackException) {
      copy = new SQLTransactionRollbackException(message, state, code);
    } else if (e instanceof SQLTransientConnectionException) {
      copy = new SQLTransientConnectionException(message, state, code);
    } else if (e instanceof SQLTransientException) {
      copy = new SQLTransientException(message, state, code);
    } else if (e instanceof SQLDataException) {
      copy = new SQLDataException(message, state, code);
    } else if (e instanceof SQLFeatureNotSupportedException) {
      copy = new SQLFeatureNotSupportedException(message, state, code);
    } else if (e instanceof SQLIntegrityConstraintViolationException) {
      copy = new SQLIntegrityConstraintViolationException(message, state, code);
    } else if (e instanceof SQLInvalidAuthorizationSpecException) {
      copy = new SQLInvalidAuthorizationSpecException(message, state, code);
    } else if (e instanceof SQLNonTransientConnectionException) {
      copy = new SQLNonTransientConnectionException(message, state, code);
    } else if (e instanceof SQLSyntaxErrorException) {
      copy = new SQLSyntaxErrorException(message, state, code);
    } else if (e instanceof SQLNonTransientException) {
      copy = new SQLNonTransientException(message, state, code);
    } else if (e instanceof SQLRecoverableException) {
      copy = new SQLRecoverableException(message, state, code);
    } else {
      copy = new SQLException(message, state, code);
    }
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  /**
   * A {@link DataTruncation} keeps its SQLState by type (01004 read, 22001 write) but has no
   * constructor taking a vendor code; MySQL's (1265) must survive the rebuild.
   */
  private static final class RebuiltDataTruncation extends DataTruncation {
    private static final long serialVersionUID = 1L;
    private final int vendorCode;

    RebuiltDataTruncation(DataTruncation original) {
      super(
          original.getIndex(),
          original.getParameter(),
          original.getRead(),
          original.getDataSize(),
          original.getTransferSize());
      this.vendorCode = original.getErrorCode();
    }

    @Override
    public int getErrorCode() {
      return vendorCode;
    }
  }
}
