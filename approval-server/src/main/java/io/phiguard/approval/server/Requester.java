package io.phiguard.approval.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Who asks: the identity the driver resolved for the statement.
 *
 * @param subject the identity's subject
 * @param kind human, agent or service
 * @param groups its groups
 * @param onBehalfOf the chain of identities it acts for, nearest first (an agent acting for a human
 *     names the human here)
 * @param verified whether the identity came from a verified token or the embedding application
 */
public record Requester(
    String subject,
    PrincipalKind kind,
    Set<String> groups,
    List<String> onBehalfOf,
    boolean verified) {

  /** Validates and copies. */
  public Requester {
    subject = Texts.required(subject, "requester.subject", Texts.MAX_NAME);
    Objects.requireNonNull(kind, "kind");
    groups = Set.copyOf(Objects.requireNonNullElse(groups, Set.of()));
    List<String> chain = new ArrayList<>();
    for (String s : Objects.requireNonNullElse(onBehalfOf, List.<String>of())) {
      chain.add(Texts.required(s, "requester.on_behalf_of", Texts.MAX_NAME));
    }
    if (chain.size() > 16) {
      throw new IllegalArgumentException("requester.on_behalf_of names more than 16 identities");
    }
    onBehalfOf = List.copyOf(chain);
  }

  /**
   * Whether {@code approverSubject} is the requester or anyone it acts for: such a person may not
   * approve this request. Compared without case, so {@code Alice} cannot approve for {@code alice}.
   */
  public boolean involves(String approverSubject) {
    String folded = approverSubject.strip().toLowerCase(Locale.ROOT);
    if (subject.toLowerCase(Locale.ROOT).equals(folded)) {
      return true;
    }
    for (String s : onBehalfOf) {
      if (s.toLowerCase(Locale.ROOT).equals(folded)) {
        return true;
      }
    }
    return false;
  }
}
