package io.phiguard.it.leaks;

import io.phiguard.driver.PhiGuardException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs one leak-suite case on a guarded connection and records everything the caller could see:
 * result values, column labels and names, update counts, warnings (statement, result set and
 * connection), generated keys, OUT parameters and exception messages.
 */
final class Probe {

  /** PhiGuard's own refusals. */
  static final Set<String> PHIGUARD_STATES = Set.of("42501", "42601", "28000");

  /** How a case ended. */
  enum Outcome {
    /** Ran; its output is scanned for canaries. */
    RAN,
    /** Refused by PhiGuard with 42501, 42601 or 28000. */
    DENIED,
    /** Refused by the database (a vendor error; its message is scanned too). */
    ERROR
  }

  /** What one run showed. {@code text} holds everything visible, for the canary scan. */
  record Observation(Outcome outcome, String sqlState, String text, String shape) {}

  private Probe() {}

  static Observation run(Connection c, LeakCase leakCase, String sql) {
    StringBuilder seen = new StringBuilder();
    StringBuilder shape = new StringBuilder();
    try {
      switch (leakCase.run()) {
        case QUERY -> {
          for (String step : sql.split("\n@@\n")) {
            try (Statement st = c.createStatement()) {
              boolean results = st.execute(step);
              drain(st, results, seen, shape);
              warnings(st.getWarnings(), seen);
            }
          }
        }
        case PREPARED -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, leakCase.params());
            boolean results = ps.execute();
            drain(ps, results, seen, shape);
            warnings(ps.getWarnings(), seen);
          }
        }
        case BATCH -> {
          try (Statement st = c.createStatement()) {
            for (String step : sql.split("\n@@\n")) {
              st.addBatch(step);
            }
            for (int count : st.executeBatch()) {
              shape.append("count=").append(count).append(' ');
            }
            warnings(st.getWarnings(), seen);
          }
        }
        case PREPARED_BATCH -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object param : leakCase.params()) {
              ps.setObject(1, param);
              ps.addBatch();
            }
            for (int count : ps.executeBatch()) {
              shape.append("count=").append(count).append(' ');
            }
            warnings(ps.getWarnings(), seen);
          }
        }
        case KEYS_FLAG, KEYS_NAMES, KEYS_INDEXES, PREPARED_KEYS -> {
          if (leakCase.run() == LeakCase.Run.PREPARED_KEYS) {
            try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
              shape.append("count=").append(ps.executeUpdate()).append(' ');
              try (ResultSet keys = ps.getGeneratedKeys()) {
                rows(keys, seen, shape);
              }
            }
          } else {
            try (Statement st = c.createStatement()) {
              int count =
                  switch (leakCase.run()) {
                    case KEYS_FLAG -> st.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
                    case KEYS_NAMES -> st.executeUpdate(sql, leakCase.keyNames());
                    default -> st.executeUpdate(sql, leakCase.keyIndexes());
                  };
              shape.append("count=").append(count).append(' ');
              try (ResultSet keys = st.getGeneratedKeys()) {
                rows(keys, seen, shape);
              }
              warnings(st.getWarnings(), seen);
            }
          }
        }
        case CALL_OUT -> {
          try (CallableStatement cs = c.prepareCall(sql)) {
            cs.registerOutParameter(1, Types.VARCHAR);
            for (int i = 0; i < leakCase.params().size(); i++) {
              cs.setObject(i + 2, leakCase.params().get(i));
            }
            boolean results = cs.execute();
            drain(cs, results, seen, shape);
            seen.append(" out=").append(cs.getString(1));
            warnings(cs.getWarnings(), seen);
          }
        }
      }
      warnings(c.getWarnings(), seen);
      return new Observation(Outcome.RAN, null, seen.toString(), shape.toString());
    } catch (SQLException e) {
      StringBuilder messages = new StringBuilder(seen);
      for (Throwable t = e; t != null; t = t.getCause()) {
        messages.append(" | ").append(t.getMessage());
      }
      for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
        messages.append(" | ").append(next.getMessage());
      }
      try {
        warnings(c.getWarnings(), messages);
      } catch (SQLException ignored) {
        // the connection may be gone after a vendor error; the exception is what we scan
      }
      boolean phiguard =
          e instanceof PhiGuardException && PHIGUARD_STATES.contains(e.getSQLState());
      return new Observation(
          phiguard ? Outcome.DENIED : Outcome.ERROR,
          e.getSQLState(),
          messages.toString(),
          phiguard ? "denied " + e.getSQLState() : "error " + e.getSQLState());
    }
  }

  private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
  }

  private static void drain(Statement st, boolean results, StringBuilder seen, StringBuilder shape)
      throws SQLException {
    boolean more = results;
    while (true) {
      if (more) {
        try (ResultSet rs = st.getResultSet()) {
          rows(rs, seen, shape);
        }
      } else {
        int count = st.getUpdateCount();
        if (count == -1) {
          return;
        }
        shape.append("count=").append(count).append(' ');
      }
      more = st.getMoreResults();
    }
  }

  private static void rows(ResultSet rs, StringBuilder seen, StringBuilder shape)
      throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int columns = meta.getColumnCount();
    List<String> labels = new ArrayList<>();
    for (int i = 1; i <= columns; i++) {
      labels.add(meta.getColumnLabel(i));
      seen.append(meta.getColumnLabel(i)).append(' ').append(meta.getColumnName(i)).append(' ');
    }
    shape.append(labels).append(':');
    while (rs.next()) {
      List<String> row = new ArrayList<>();
      for (int i = 1; i <= columns; i++) {
        String value = rs.getString(i);
        row.add(value);
        seen.append(value).append('\u241f');
      }
      shape.append(row);
      warnings(rs.getWarnings(), seen);
    }
    shape.append(' ');
  }

  private static void warnings(SQLWarning warning, StringBuilder seen) {
    for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
      seen.append(" warning: ").append(w.getMessage());
    }
  }
}
