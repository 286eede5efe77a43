/**
 * PhiGuard audit: tamper-evident records of every decision and outcome (never PHI values), a
 * per-writer local journal, sinks, a shipper, a verifier and OCSF export. Knows nothing of SQL
 * parsing and depends on the JDK only.
 */
module io.phiguard.audit {
  requires transitive java.sql;

  exports io.phiguard.audit;
}
