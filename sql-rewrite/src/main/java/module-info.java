/**
 * SQL analysis for PhiGuard: dialects, JDBC escape expansion, the catalog, statement facts and the
 * masking rewriter. JSqlParser is an implementation detail: no parser type appears in the exported
 * API.
 */
module io.phiguard.rewrite {
  requires java.sql;
  requires net.sf.jsqlparser;

  exports io.phiguard.rewrite;
}
