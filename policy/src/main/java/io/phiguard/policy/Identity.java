package io.phiguard.policy;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who runs a statement: a human, an AI agent or a service, possibly on behalf of someone else.
 *
 * <p>An identity is a label until something vouches for it: {@link #verified()} is true only for a
 * validated token. {@link Source} says where it came from, because policy treats an identity the
 * embedding application asserts ({@link Source#APPLICATION}) differently from one anybody holding
 * the JDBC URL can type ({@link Source#CONNECTION_PROPERTIES}).
 *
 * @param subject who: a user name, service account or agent id; empty for {@link #none()}
 * @param groups groups the subject belongs to
 * @param agent the AI agent or tool acting, if any (e.g. {@code claude-code}, {@code nightly-etl})
 * @param onBehalfOf the chain of subjects this identity acts for, nearest first
 * @param purpose the declared purpose of use (e.g. {@code treatment}), or empty
 * @param verified whether a validated token vouches for subject and groups
 * @param source where the identity came from
 */
public record Identity(
    String subject,
    Set<String> groups,
    String agent,
    List<String> onBehalfOf,
    String purpose,
    boolean verified,
    Source source) {

  /** Where an identity came from. */
  public enum Source {
    /** No identity was given. */
    NONE,
    /** {@code phiguard.subject} and friends on the connection: anyone with the URL can set them. */
    CONNECTION_PROPERTIES,
    /** Asserted by the embedding application through {@code PhiGuard.actingAs}. */
    APPLICATION,
    /** A validated token. */
    TOKEN
  }

  private static final Identity NONE =
      new Identity("", Set.of(), "", List.of(), "", false, Source.NONE);

  public Identity {
    Objects.requireNonNull(subject, "subject");
    groups = Set.copyOf(groups);
    agent = Objects.requireNonNullElse(agent, "");
    onBehalfOf = List.copyOf(onBehalfOf);
    purpose = Objects.requireNonNullElse(purpose, "");
    Objects.requireNonNull(source, "source");
    if (verified && source != Source.TOKEN) {
      throw new IllegalArgumentException("only a validated token makes an identity verified");
    }
  }

  /** The absent identity: statements that touch protected data are denied to it. */
  public static Identity none() {
    return NONE;
  }

  /** Starts an identity for {@code subject}, to be asserted by the application. */
  public static Builder of(String subject) {
    return new Builder(subject);
  }

  /** Whether this is {@link #none()}. */
  public boolean isNone() {
    return source == Source.NONE;
  }

  /** Whether the subject is in {@code group}. */
  public boolean inGroup(String group) {
    return groups.contains(group);
  }

  /** A copy of this identity with another source. */
  public Identity withSource(Source newSource) {
    return new Identity(subject, groups, agent, onBehalfOf, purpose, verified, newSource);
  }

  @Override
  public String toString() {
    if (isNone()) {
      return "Identity[none]";
    }
    return "Identity["
        + subject
        + (agent.isEmpty() ? "" : " via " + agent)
        + (onBehalfOf.isEmpty() ? "" : " for " + onBehalfOf)
        + ", groups="
        + groups
        + ", "
        + (verified ? "verified" : "unverified")
        + ", "
        + source
        + "]";
  }

  /** Builds an application-asserted identity. */
  public static final class Builder {
    private final String subject;
    private Set<String> groups = Set.of();
    private String agent = "";
    private List<String> onBehalfOf = List.of();
    private String purpose = "";

    private Builder(String subject) {
      if (subject == null || subject.isBlank()) {
        throw new IllegalArgumentException("an identity needs a non-blank subject");
      }
      this.subject = subject.strip();
    }

    public Builder groups(String... names) {
      this.groups = Set.of(names);
      return this;
    }

    public Builder groups(Set<String> names) {
      this.groups = Set.copyOf(names);
      return this;
    }

    public Builder agent(String name) {
      this.agent = name;
      return this;
    }

    public Builder onBehalfOf(String... subjects) {
      this.onBehalfOf = List.of(subjects);
      return this;
    }

    public Builder purpose(String name) {
      this.purpose = name;
      return this;
    }

    /** The identity, as asserted by the embedding application. */
    public Identity build() {
      return new Identity(subject, groups, agent, onBehalfOf, purpose, false, Source.APPLICATION);
    }
  }
}
