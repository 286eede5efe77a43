package io.phiguard.rewrite;

import java.util.List;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * SET assignments that change an existing row of a catalog table: an UPDATE, PostgreSQL's {@code ON
 * CONFLICT DO UPDATE}, MySQL's {@code ON DUPLICATE KEY UPDATE}, a MERGE's {@code WHEN MATCHED THEN
 * UPDATE}. Under {@code on-masked-write: keep} their values for masked columns are rewritten.
 *
 * @param sets the assignments, in the parsed tree
 * @param def the changed table
 * @param qualifier how to name the existing row's columns in a value (already as written), or null
 *     for unqualified
 * @param kind the statement form
 */
record AssignmentSite(List<UpdateSet> sets, TableDef def, String qualifier, Kind kind) {

  /** The statement forms, which differ in how the proposed row's values are named. */
  enum Kind {
    UPDATE,
    /** {@code EXCLUDED.col} names the proposed value. */
    ON_CONFLICT,
    /** {@code VALUES(col)} names the proposed value. */
    DUPLICATE_KEY,
    MERGE
  }
}
