package io.phiguard.driver.jdbc;

import io.phiguard.driver.PhiGuardErrors;
import io.phiguard.driver.SqlState;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/**
 * Hands a masked value out through the getter the caller used. A masked value is a {@code String}
 * ({@code hash}, {@code detect}, text masks), a date or timestamp ({@code year}), or null. What
 * cannot represent it is refused with 42501 rather than converted: a pseudonym has no number, and
 * {@code getBlob} of masked text would be a different value in disguise. A null value reads as the
 * getter's null (0, false, null) with {@code wasNull()} true.
 */
final class MaskedValues {
  private MaskedValues() {}

  static SQLException refusal(String why) {
    return PhiGuardErrors.of(SqlState.POLICY_DENIED, why, "mask", 0);
  }

  private static SQLException wrongGetter(ColumnMasker.Rule rule, String getter) {
    return PhiGuardErrors.of(
        SqlState.POLICY_DENIED,
        "result column "
            + rule.index()
            + " is masked ("
            + rule.maskName()
            + ") and has no "
            + getter
            + " value; read it with getString or getObject",
        "mask",
        0);
  }

  static String string(Object value) {
    if (value == null) {
      return null;
    }
    return value.toString();
  }

  static boolean bool(Object value, ColumnMasker.Rule rule) throws SQLException {
    if (value == null) {
      return false;
    }
    throw wrongGetter(rule, "boolean");
  }

  static Number number(Object value, ColumnMasker.Rule rule) throws SQLException {
    if (value == null) {
      return 0;
    }
    if (value instanceof Number n) {
      return n;
    }
    throw wrongGetter(rule, "numeric");
  }

  static BigDecimal decimal(Object value, ColumnMasker.Rule rule) throws SQLException {
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal d) {
      return d;
    }
    throw wrongGetter(rule, "numeric");
  }

  static byte[] bytes(Object value) {
    return value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
  }

  static InputStream ascii(Object value) {
    return value == null
        ? null
        : new ByteArrayInputStream(value.toString().getBytes(StandardCharsets.US_ASCII));
  }

  static InputStream binary(Object value) {
    return value == null ? null : new ByteArrayInputStream(bytes(value));
  }

  static Reader reader(Object value) {
    return value == null ? null : new StringReader(value.toString());
  }

  static MaskedClob clob(Object value) {
    return value == null ? null : new MaskedClob(value.toString());
  }

  /** Blob, Array, Ref, SQLXML, RowId, URL: only a null passes. */
  static <T> T none(Object value, ColumnMasker.Rule rule, String getter) throws SQLException {
    if (value == null) {
      return null;
    }
    throw wrongGetter(rule, getter);
  }

  static java.sql.Date date(Object value, ColumnMasker.Rule rule) throws SQLException {
    if (value == null) {
      return null;
    }
    if (value instanceof java.sql.Date d) {
      return d;
    }
    if (value instanceof LocalDate d) {
      return java.sql.Date.valueOf(d);
    }
    if (value instanceof java.sql.Timestamp t) {
      return java.sql.Date.valueOf(t.toLocalDateTime().toLocalDate());
    }
    if (value instanceof LocalDateTime t) {
      return java.sql.Date.valueOf(t.toLocalDate());
    }
    if (value instanceof OffsetDateTime t) {
      return java.sql.Date.valueOf(t.toLocalDate());
    }
    throw wrongGetter(rule, "date");
  }

  static java.sql.Timestamp timestamp(Object value, ColumnMasker.Rule rule) throws SQLException {
    if (value == null) {
      return null;
    }
    if (value instanceof java.sql.Timestamp t) {
      return t;
    }
    if (value instanceof LocalDateTime t) {
      return java.sql.Timestamp.valueOf(t);
    }
    if (value instanceof OffsetDateTime t) {
      return java.sql.Timestamp.from(t.toInstant());
    }
    if (value instanceof java.sql.Date d) {
      return java.sql.Timestamp.valueOf(d.toLocalDate().atStartOfDay());
    }
    if (value instanceof LocalDate d) {
      return java.sql.Timestamp.valueOf(d.atStartOfDay());
    }
    throw wrongGetter(rule, "timestamp");
  }

  static java.sql.Time time(Object value, ColumnMasker.Rule rule) throws SQLException {
    if (value == null) {
      return null;
    }
    // a year-masked date has no time of day to show but midnight
    if (value instanceof java.sql.Timestamp
        || value instanceof LocalDateTime
        || value instanceof OffsetDateTime) {
      return java.sql.Time.valueOf(LocalTime.MIDNIGHT);
    }
    throw wrongGetter(rule, "time");
  }

  /** {@code getObject(index, type)}. */
  static <T> T object(Object value, Class<T> type, ColumnMasker.Rule rule) throws SQLException {
    if (type == null) {
      throw refusal("getObject(column, null): name a type");
    }
    if (value == null) {
      return null;
    }
    if (type.isInstance(value)) {
      return type.cast(value);
    }
    Object converted;
    if (type == String.class) {
      converted = value.toString();
    } else if (type == java.sql.Date.class) {
      converted = date(value, rule);
    } else if (type == java.sql.Timestamp.class) {
      converted = timestamp(value, rule);
    } else if (type == LocalDate.class) {
      converted = date(value, rule).toLocalDate();
    } else if (type == LocalDateTime.class) {
      converted = timestamp(value, rule).toLocalDateTime();
    } else if (type == java.sql.Clob.class || type == java.sql.NClob.class) {
      converted = clob(value);
    } else if (type == byte[].class) {
      converted = bytes(value);
    } else if (type == Reader.class) {
      converted = reader(value);
    } else {
      throw wrongGetter(rule, type.getSimpleName());
    }
    return type.cast(converted);
  }
}
