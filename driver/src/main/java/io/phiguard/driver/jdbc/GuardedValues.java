package io.phiguard.driver.jdbc;

import io.phiguard.driver.PhiGuardErrors;
import io.phiguard.driver.SqlState;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Struct;

/**
 * Crossing the boundary between guarded and raw objects: values the application passes back
 * (savepoints, LOBs, arrays) are unwrapped for the delegate; {@code unwrap} never hands out a raw
 * object unless {@code phiguard.allowUnwrap} is on.
 */
final class GuardedValues {
  private GuardedValues() {}

  /**
   * A guarded value that the delegate must get back raw. An abstract class, not an interface: an
   * interface method is public, and a public {@code rawValue()} on the exported wrappers would hand
   * the application the delegate object ({@code ((GuardedBlob) blob).rawValue()}).
   */
  abstract static class Guarded {
    /** The delegate object, for the delegate only; never returned to the application. */
    abstract Object rawValue();
  }

  static Object raw(Object value) {
    return value instanceof Guarded guarded ? guarded.rawValue() : value;
  }

  static Object[] raw(Object[] values) {
    if (values == null) {
      return null;
    }
    Object[] raw = values;
    for (int i = 0; i < values.length; i++) {
      if (values[i] instanceof Guarded guarded) {
        if (raw == values) {
          raw = values.clone();
        }
        raw[i] = guarded.rawValue();
      }
    }
    return raw;
  }

  static Array raw(Array value) {
    return (Array) raw((Object) value);
  }

  static Blob raw(Blob value) {
    return (Blob) raw((Object) value);
  }

  static Clob raw(Clob value) {
    return (Clob) raw((Object) value);
  }

  static NClob raw(NClob value) {
    return (NClob) raw((Object) value);
  }

  static SQLXML raw(SQLXML value) {
    return (SQLXML) raw((Object) value);
  }

  static Ref raw(Ref value) {
    return (Ref) raw((Object) value);
  }

  static Struct raw(Struct value) {
    return (Struct) raw((Object) value);
  }

  static RowId raw(RowId value) {
    return (RowId) raw((Object) value);
  }

  static Savepoint raw(Savepoint value) {
    return (Savepoint) raw((Object) value);
  }

  /**
   * {@code guarded} itself when it implements {@code iface}; the delegate (or what it unwraps to)
   * only when {@code allowed}; otherwise a refusal naming the property that would allow it.
   */
  static <T> T unwrap(Object guarded, Object delegate, Class<T> iface, boolean allowed)
      throws SQLException {
    if (iface == null) {
      throw PhiGuardErrors.of(SqlState.POLICY_DENIED, "unwrap(null): name an interface");
    }
    if (iface.isInstance(guarded)) {
      return iface.cast(guarded);
    }
    if (allowed) {
      if (iface.isInstance(delegate)) {
        return iface.cast(delegate);
      }
      if (delegate instanceof java.sql.Wrapper wrapper) {
        try {
          return wrapper.unwrap(iface);
        } catch (SQLException e) {
          throw VendorErrors.rebuild(e);
        }
      }
    }
    throw PhiGuardErrors.of(
        SqlState.POLICY_DENIED,
        "unwrap("
            + iface.getName()
            + ") would hand out the delegate driver's object, which"
            + " bypasses PhiGuard. Use the JDBC interfaces, or set phiguard.allowUnwrap=true if"
            + " this application may bypass PhiGuard");
  }

  static boolean isWrapperFor(Object guarded, Object delegate, Class<?> iface, boolean allowed)
      throws SQLException {
    if (iface == null) {
      return false;
    }
    if (iface.isInstance(guarded)) {
      return true;
    }
    if (!allowed) {
      return false;
    }
    if (iface.isInstance(delegate)) {
      return true;
    }
    if (delegate instanceof java.sql.Wrapper wrapper) {
      try {
        return wrapper.isWrapperFor(iface);
      } catch (SQLException e) {
        throw VendorErrors.rebuild(e);
      }
    }
    return false;
  }
}
