/**
 * PhiGuard policy: identities and groups, the {@code phiguard.yaml} model with its loader and
 * validation, and (later) its evaluation.
 */
module io.phiguard.policy {
  requires transitive io.phiguard.rewrite;
  requires org.snakeyaml.engine;

  exports io.phiguard.policy;
  exports io.phiguard.policy.detect;
}
