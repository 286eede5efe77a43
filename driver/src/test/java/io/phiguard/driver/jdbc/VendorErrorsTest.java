package io.phiguard.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phiguard.driver.GuardFixtures;
import io.phiguard.driver.GuardFixtures.RecordingListener;
import io.phiguard.driver.PhiGuardErrors;
import io.phiguard.driver.SqlState;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DataTruncation;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VendorErrorsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Key (ssn)=(123-45-6789) already exists.|123-45-6789|Key (ssn)=",
        "Key (last_name, dob)=(Roe, 1961-02-03) already exists.|Roe|Key (last_name, dob)=",
        "Duplicate entry 'x@example.org' for key 'users.email'|x@example.org|Duplicate entry",
        "Duplicate entry 'jane.roe@example.org-1961' for key 'u'|jane.roe|for key",
        "ERROR: invalid input syntax for type date: \"1961-13-02\"|1961-13-02|invalid input syntax for type date",
        "Bad value for type int : Jane Roe|Jane|Bad value for type int",
      })
  void valuesAreRemovedAndTheKindOfErrorStays(String message, String value, String kept) {
    String redacted = MessageRedactor.redact(message);
    assertThat(redacted).doesNotContain(value).contains(kept);
  }

  @Test
  void dataTruncationKeepsItsTypeStateAndVendorCode() {
    // MySQL Connector/J's MysqlDataTruncation carries vendor code 1265
    DataTruncation vendor =
        new DataTruncation(2, false, false, 20, 10) {
          @Override
          public int getErrorCode() {
            return 1265;
          }

          @Override
          public String getMessage() {
            return "Data truncated for column 'ssn' at row 1: '900-11-0001'";
          }
        };

    SQLWarning rebuilt = VendorErrors.rebuildWarnings(vendor);

    assertThat((Object) rebuilt).isInstanceOf(DataTruncation.class).isNotSameAs(vendor);
    assertThat(rebuilt.getSQLState()).isEqualTo("22001");
    assertThat(rebuilt.getErrorCode()).isEqualTo(1265);
    assertThat(((DataTruncation) rebuilt).getDataSize()).isEqualTo(20);
    assertThat(rebuilt.getMessage()).doesNotContain("900-11-0001");
  }

  @Test
  void postgresDetailAndWhereLinesAreDropped() {
    String message =
        "ERROR: duplicate key value violates unique constraint \"patients_ssn_key\"\n"
            + "  Detail: Key (ssn)=(123-45-6789) already exists.\n"
            + "  Where: SQL statement \"INSERT INTO patients VALUES ('Jane')\"";
    assertThat(MessageRedactor.redact(message))
        .contains("patients_ssn_key")
        .doesNotContain("Detail", "Where", "123-45-6789", "Jane");
  }

  @Test
  void h2RowValuesAreDropped() {
    String message =
        "Unique index or primary key violation: \"PUBLIC.PRIMARY_KEY_8 ON PUBLIC.T(ID) VALUES ( /* 1"
            + " */ 5 )\"; SQL statement:\nINSERT INTO T VALUES (5, 'Jane Roe') [23505-232]";
    assertThat(MessageRedactor.redact(message))
        .contains("Unique index or primary key violation")
        .doesNotContain("/* 1 */ 5", "Jane", "(5,");
    assertThat(MessageRedactor.redact(null)).isNull();
  }

  @Test
  void rebuildKeepsTypeStateAndCodeAndDropsTheCause() {
    SQLException original =
        new SQLIntegrityConstraintViolationException(
            "Duplicate entry 'x@example.org' for key 'email'", "23000", 1062);
    SQLException rebuilt = VendorErrors.rebuild(original);
    assertThat((Throwable) rebuilt).isNotSameAs(original);
    assertThat(rebuilt.getClass()).isEqualTo(SQLIntegrityConstraintViolationException.class);
    assertThat(rebuilt.getSQLState()).isEqualTo("23000");
    assertThat(rebuilt.getErrorCode()).isEqualTo(1062);
    assertThat(rebuilt.getMessage()).doesNotContain("x@example.org");
    assertThat(rebuilt.getCause()).isNull();
    assertThat(rebuilt.getStackTrace()).isEqualTo(original.getStackTrace());
  }

  @Test
  void theNextExceptionChainIsRebuiltLinkByLink() {
    SQLException head = new SQLDataException("bad date: \"1961-13-02\"", "22007", 7);
    SQLException second =
        new SQLTransactionRollbackException("deadlock on 'Jane Roe'", "40001", 1213);
    SQLException third = new SQLException("Key (ssn)=(123-45-6789) already exists", "23505", 0);
    head.setNextException(second);
    second.setNextException(third);

    SQLException rebuilt = VendorErrors.rebuild(head);
    SQLException rebuiltSecond = rebuilt.getNextException();
    SQLException rebuiltThird = rebuiltSecond.getNextException();
    assertThat((Throwable) rebuilt).isInstanceOf(SQLDataException.class);
    assertThat((Throwable) rebuiltSecond)
        .isNotSameAs(second)
        .isInstanceOf(SQLTransactionRollbackException.class);
    assertThat(rebuiltSecond.getSQLState()).isEqualTo("40001");
    assertThat(rebuiltSecond.getErrorCode()).isEqualTo(1213);
    assertThat((Throwable) rebuiltThird).isNotSameAs(third);
    assertThat(rebuiltThird.getSQLState()).isEqualTo("23505");
    assertThat((Throwable) rebuiltThird.getNextException()).isNull();
    for (SQLException e = rebuilt; e != null; e = e.getNextException()) {
      assertThat(e.getMessage()).doesNotContain("1961-13-02", "Jane", "123-45-6789");
    }
  }

  @Test
  void batchUpdateExceptionKeepsItsUpdateCounts() {
    BatchUpdateException original =
        new BatchUpdateException(
            "Duplicate entry 'x@example.org'",
            "23000",
            1062,
            new int[] {1, Statement.EXECUTE_FAILED});
    SQLException rebuilt = VendorErrors.rebuild(original);
    assertThat((Throwable) rebuilt).isInstanceOf(BatchUpdateException.class);
    assertThat(((BatchUpdateException) rebuilt).getUpdateCounts())
        .containsExactly(1, Statement.EXECUTE_FAILED);
    assertThat(((BatchUpdateException) rebuilt).getLargeUpdateCounts())
        .containsExactly(1L, Statement.EXECUTE_FAILED);
    assertThat(rebuilt.getSQLState()).isEqualTo("23000");
    assertThat(rebuilt.getErrorCode()).isEqualTo(1062);
    assertThat(rebuilt.getMessage()).doesNotContain("x@example.org");
  }

  @Test
  void clientInfoExceptionsKeepTheirFailedProperties() {
    SQLClientInfoException original =
        new SQLClientInfoException("cannot set 'Jane Roe'", "HY000", 5, Map.of());
    SQLClientInfoException rebuilt = VendorErrors.rebuild(original);
    assertThat(rebuilt.getMessage()).doesNotContain("Jane");
    assertThat(rebuilt.getSQLState()).isEqualTo("HY000");
    assertThat(rebuilt.getErrorCode()).isEqualTo(5);
  }

  @Test
  void phiGuardsOwnExceptionsPassUnchanged() {
    SQLException own = PhiGuardErrors.of(SqlState.POLICY_DENIED, "denied");
    assertThat((Throwable) VendorErrors.rebuild(own)).isSameAs(own);
  }

  @Test
  void aRealH2UniqueViolationComesOutWithoutTheValue() throws SQLException {
    RecordingListener listener = new RecordingListener();
    try (Connection c = GuardFixtures.guarded(listener, false);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE PATIENT(ID INT PRIMARY KEY, SSN VARCHAR(11) UNIQUE)");
      s.execute("INSERT INTO PATIENT VALUES (77, '123-45-6789')");
      SQLException plain =
          catchThrowableOfType(
              SQLException.class,
              () -> s.execute("INSERT INTO PATIENT VALUES (78, '123-45-6789')"));
      assertThat((Throwable) plain).isInstanceOf(SQLIntegrityConstraintViolationException.class);
      assertThat(plain.getSQLState()).isEqualTo("23505");
      assertThat(plain.getErrorCode()).isEqualTo(23505);
      // H2 echoes the statement ("SQL statement: INSERT … (78, …)"): short numbers are values too
      assertThat(plain.getMessage()).doesNotContain("123-45-6789", "45-6789", "78");
      assertThat(plain.getCause()).isNull();
      // the failure the listener (the audit) records is the redacted one too
      assertThat(listener.outcomes).isNotEmpty();

      try (PreparedStatement ps = c.prepareStatement("INSERT INTO PATIENT VALUES (?, ?)")) {
        ps.setInt(1, 77);
        ps.setString(2, "987-65-4321");
        SQLException prepared = catchThrowableOfType(SQLException.class, ps::executeUpdate);
        assertThat(prepared.getSQLState()).isEqualTo("23505");
        assertThat(prepared.getMessage()).doesNotContain("77", "987-65-4321");
      }
    }
  }
}
