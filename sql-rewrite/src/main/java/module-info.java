/**
 * SQL analysis for PhiGuard: dialects, JDBC escape expansion, and (later) statement facts and
 * rewriting.
 */
module io.phiguard.rewrite {
  exports io.phiguard.rewrite;
}
