package io.phiguard.approval.server;

import java.lang.System.Logger.Level;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dev mode, for demos only: believes the headers {@code X-PhiGuard-Dev-Approver: name} and {@code
 * X-PhiGuard-Dev-Groups: g1,g2}. Anyone who can reach the server can then approve anything, so it
 * is off by default and loudly logged when built and on every use. Falls back to {@code delegate}
 * when the header is absent.
 */
public final class DevModeApprovers implements ApproverAuthenticator {
  private static final System.Logger LOG = System.getLogger(DevModeApprovers.class.getName());

  private final ApproverAuthenticator delegate;

  /** Dev mode in front of {@code delegate} (e.g. bearer tokens, or {@link #NONE}). */
  public DevModeApprovers(ApproverAuthenticator delegate) {
    this.delegate = delegate;
    LOG.log(
        Level.WARNING,
        "APPROVAL SERVER DEV MODE IS ON: the X-PhiGuard-Dev-Approver header is trusted without"
            + " proof. Never use this in production.");
  }

  @Override
  public Result<Approver> authenticate(Map<String, List<String>> headers) {
    List<String> names = headers.getOrDefault("x-phiguard-dev-approver", List.of());
    if (names.isEmpty()) {
      return delegate.authenticate(headers);
    }
    if (names.size() != 1 || names.get(0).isBlank()) {
      return Result.refused(
          Refusal.Kind.UNAUTHENTICATED, "send exactly one X-PhiGuard-Dev-Approver header");
    }
    Set<String> groups = new LinkedHashSet<>();
    for (String value : headers.getOrDefault("x-phiguard-dev-groups", List.of())) {
      for (String g : value.split(",")) {
        if (!g.isBlank()) {
          groups.add(g.strip());
        }
      }
    }
    LOG.log(Level.WARNING, "dev mode: trusting an unproven approver header");
    return Result.ok(new Approver(names.get(0).strip(), groups, "dev"));
  }
}
