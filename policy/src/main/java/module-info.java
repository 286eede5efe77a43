/**
 * PhiGuard policy: identities and groups, and (later) the phiguard.yaml model and its evaluation.
 */
module io.phiguard.policy {
  requires transitive io.phiguard.rewrite;

  exports io.phiguard.policy;
}
