package io.phiguard.driver;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The values bound to a prepared statement, bound again to an {@code EXPLAIN} of it. */
@FunctionalInterface
public interface BoundValues {
  /**
   * Binds the values to {@code explain}, whose parameters are the statement's own.
   *
   * @return false when a value cannot be bound twice (a stream or reader): no estimate then
   */
  boolean bindTo(PreparedStatement explain) throws SQLException;
}
