/** The jdbc:phiguard: driver: guarded JDBC wrappers around any delegate driver, with one gate. */
module io.phiguard.driver {
  requires transitive java.sql;
  requires transitive io.phiguard.policy;
  requires io.phiguard.rewrite;
  requires io.phiguard.audit;
  requires io.phiguard.approval.client;
  requires java.logging;
  requires java.net.http;
  requires com.nimbusds.jose.jwt;

  exports io.phiguard.driver;
  exports io.phiguard.driver.jdbc;

  uses java.sql.Driver;

  provides java.sql.Driver with
      io.phiguard.driver.PhiGuardDriver;
}
