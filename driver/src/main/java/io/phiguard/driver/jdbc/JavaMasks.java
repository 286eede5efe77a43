package io.phiguard.driver.jdbc;

import io.phiguard.policy.Pseudonymizer;
import io.phiguard.policy.detect.PhiDetectors;
import io.phiguard.rewrite.Mask;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Set;

/**
 * The masks in Java, read from the delegate's current row: {@code hash} and {@code detect}, and the
 * SQL masks for a lineage miss, with the same results as their SQL forms (MaskSql in sql-rewrite):
 * text masks on text types, {@code year} on dates and timestamps, NULL for a mask that does not fit
 * the type, NULL stays NULL.
 */
final class JavaMasks {
  private static final Set<Integer> TEXT =
      Set.of(
          Types.CHAR,
          Types.VARCHAR,
          Types.LONGVARCHAR,
          Types.NCHAR,
          Types.NVARCHAR,
          Types.LONGNVARCHAR,
          Types.CLOB,
          Types.NCLOB);
  private static final Set<Integer> INTEGERS =
      Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT);
  private static final Set<Integer> BINARY =
      Set.of(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB);
  private static final int REDACTED_LENGTH = 5;

  private JavaMasks() {}

  /**
   * The masked value of column {@code index} of {@code row}'s current row.
   *
   * @param pseudonymizer for {@code hash}; null when the policy's key cannot be read
   * @throws SQLException a refusal when a {@code hash} has no key, or the delegate's error
   */
  static Object apply(
      Mask mask,
      ResultSet row,
      int index,
      int jdbcType,
      Pseudonymizer pseudonymizer,
      PhiDetectors detectors)
      throws SQLException {
    switch (mask.kind()) {
      case HASH:
        String canonical = canonicalText(row, index, jdbcType);
        if (canonical == null) {
          return null;
        }
        if (pseudonymizer == null) {
          throw MaskedValues.refusal("the hash-key cannot be read, so the column cannot be hashed");
        }
        return pseudonymizer.pseudonym(canonical);
      case DETECT:
        return detectors.redact(row.getString(index));
      case NULL:
        return null;
      case YEAR:
        return TEXT.contains(jdbcType) ? null : year(row.getObject(index));
      default:
        break;
    }
    if (!TEXT.contains(jdbcType)) {
      return null;
    }
    String text = row.getString(index);
    if (text == null) {
      return null;
    }
    return switch (mask.kind()) {
      case REDACT -> String.valueOf(mask.fill()).repeat(REDACTED_LENGTH);
      case PARTIAL, ZIP3 -> partial(text, mask);
      case EMAIL -> email(text, mask);
      default -> null;
    };
  }

  /**
   * The canonical text of a value, hashed by {@code hash}: the same value gives the same text on
   * PostgreSQL, MySQL/MariaDB and H2. Text as stored (CHAR without trailing blanks); integers in
   * decimal; decimals without trailing zeros in plain notation; floating point as Java prints the
   * double; dates, times and timestamps in ISO-8601 ({@code 1961-02-03}, {@code 10:15:30}, {@code
   * 1961-02-03T10:15:30}; with a zone, the UTC instant); booleans {@code true}/{@code false};
   * binary values in lower-case hex; anything else as the driver's text.
   */
  static String canonicalText(ResultSet row, int index, int jdbcType) throws SQLException {
    Object value;
    switch (jdbcType) {
      case Types.CHAR, Types.NCHAR -> {
        String text = row.getString(index);
        return text == null ? null : text.stripTrailing();
      }
      case Types.BOOLEAN, Types.BIT -> {
        boolean b = row.getBoolean(index);
        return row.wasNull() ? null : Boolean.toString(b);
      }
      case Types.REAL -> {
        float f = row.getFloat(index);
        return row.wasNull() ? null : Double.toString(f);
      }
      case Types.FLOAT, Types.DOUBLE -> {
        double d = row.getDouble(index);
        return row.wasNull() ? null : Double.toString(d);
      }
      case Types.DATE -> value = row.getObject(index, LocalDate.class);
      case Types.TIME -> value = row.getObject(index, LocalTime.class);
      case Types.TIMESTAMP -> value = row.getObject(index, LocalDateTime.class);
      case Types.TIMESTAMP_WITH_TIMEZONE -> {
        OffsetDateTime t = row.getObject(index, OffsetDateTime.class);
        return t == null ? null : t.toInstant().toString();
      }
      default -> {
        if (INTEGERS.contains(jdbcType) || jdbcType == Types.DECIMAL || jdbcType == Types.NUMERIC) {
          BigDecimal d = row.getBigDecimal(index);
          if (d == null) {
            return null;
          }
          if (d.signum() == 0) {
            return "0";
          }
          BigDecimal plain = d.stripTrailingZeros();
          return plain.scale() <= 0 ? plain.toBigInteger().toString() : plain.toPlainString();
        }
        if (BINARY.contains(jdbcType)) {
          byte[] bytes = row.getBytes(index);
          return bytes == null ? null : HexFormat.of().formatHex(bytes);
        }
        return row.getString(index);
      }
    }
    return value == null ? null : value.toString();
  }

  /** January 1 of the value's year, of the value's own type. */
  static Object year(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof java.sql.Date d) {
      return java.sql.Date.valueOf(d.toLocalDate().withDayOfYear(1));
    }
    if (value instanceof java.sql.Timestamp t) {
      return java.sql.Timestamp.valueOf(
          t.toLocalDateTime().toLocalDate().withDayOfYear(1).atStartOfDay());
    }
    if (value instanceof LocalDate d) {
      return d.withDayOfYear(1);
    }
    if (value instanceof LocalDateTime t) {
      return t.toLocalDate().withDayOfYear(1).atStartOfDay();
    }
    if (value instanceof OffsetDateTime t) {
      return t.toLocalDate().withDayOfYear(1).atStartOfDay().atOffset(t.getOffset());
    }
    if (value instanceof java.time.ZonedDateTime t) {
      return t.toLocalDate().withDayOfYear(1).atStartOfDay(t.getZone());
    }
    if (value instanceof java.util.Date d) {
      return java.sql.Timestamp.valueOf(
          d.toInstant().atOffset(ZoneOffset.UTC).toLocalDate().withDayOfYear(1).atStartOfDay());
    }
    // not a date: nothing of it may be shown
    return null;
  }

  static String partial(String text, Mask mask) {
    int length = text.codePointCount(0, text.length());
    int keep = mask.keepFirst() + mask.keepLast();
    String fill = String.valueOf(mask.fill());
    if (length <= keep) {
      return fill.repeat(length);
    }
    int headEnd = text.offsetByCodePoints(0, mask.keepFirst());
    int tailStart = text.offsetByCodePoints(text.length(), -mask.keepLast());
    return text.substring(0, headEnd) + fill.repeat(length - keep) + text.substring(tailStart);
  }

  static String email(String text, Mask mask) {
    String hidden = String.valueOf(mask.fill()).repeat(REDACTED_LENGTH);
    int at = text.indexOf('@');
    return at < 0 ? hidden : hidden + text.substring(at);
  }
}
