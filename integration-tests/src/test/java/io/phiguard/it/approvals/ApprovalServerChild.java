package io.phiguard.it.approvals;

import io.phiguard.approval.server.ApprovalServer;
import io.phiguard.approval.server.ApprovalSettings;
import io.phiguard.approval.server.RuleSpec;
import io.phiguard.approval.server.ServerOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * An approval server in a process of its own, for {@link ApprovalServerKillIT} to kill: its H2
 * store and grant key in {@code args[0]}, on port {@code args[1]}, dev-mode approvers. Prints
 * "ready" once it listens, then runs until killed.
 */
public final class ApprovalServerChild {
  private ApprovalServerChild() {}

  public static void main(String[] args) throws Exception {
    ApprovalServer server =
        ApprovalServer.start(
            ServerOptions.of(
                    ApprovalSettings.of(
                        List.of(new RuleSpec("bulk-export", 1, Set.of("privacy"))),
                        URI.create("http://127.0.0.1/console")),
                    Path.of(args[0]))
                .address(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])))
                .devMode(true));
    System.out.println("ready " + server.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
