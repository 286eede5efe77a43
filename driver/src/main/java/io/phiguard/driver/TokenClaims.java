package io.phiguard.driver;

import com.nimbusds.jwt.JWTClaimsSet;
import io.phiguard.policy.Identity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the claims of a verified token become an {@link Identity}.
 *
 * <ul>
 *   <li><b>groups</b>: the claim {@link TokenSettings#groupsClaim()} names (a dotted path reaches
 *       into objects, e.g. {@code realm_access.roles}); a list of strings, or one string of names
 *       separated by spaces or commas. Okta: {@code groups}; Entra ID: {@code roles}.
 *   <li><b>purpose</b>: the {@code purpose} claim.
 *   <li><b>A human's token</b>: subject = {@code sub}, no agent, acting for no one.
 *   <li><b>An agent's own token</b> (client credentials): subject = {@code sub}; agent = the {@code
 *       phiguard_agent} claim, else the client id ({@code client_id}, {@code azp} or {@code appid})
 *       when the token is the client's own: {@code sub} equals it, {@code sub} is {@code
 *       <client>@clients} (Auth0) or {@code idtyp} is {@code app} (Entra ID).
 *   <li><b>Delegation (RFC 8693 {@code act})</b>: the statement is run by the current actor, so
 *       subject = the outermost {@code act}'s {@code sub} (or {@code client_id}); agent = its
 *       {@code client_id}, else its {@code sub} (a {@code phiguard_agent} claim wins); onBehalfOf =
 *       the chain it acts for, <em>nearest first</em>: the prior actors (nested {@code act}), then
 *       the token's {@code sub} — the human — last. The audit's on-behalf-of field therefore always
 *       ends with the human. Groups and purpose are the token's: the rights delegated to the actor.
 *       Unmask rules that name subjects see the actor, not the human.
 * </ul>
 */
final class TokenClaims {
  static final String AGENT_CLAIM = "phiguard_agent";
  static final String PURPOSE_CLAIM = "purpose";
  private static final int MAX_ACTORS = 8;

  private TokenClaims() {}

  static Identity identity(JWTClaimsSet claims, TokenSettings settings)
      throws java.sql.SQLException {
    String sub = claims.getSubject().strip();
    Set<String> groups = groups(claims.getClaim(firstSegment(settings.groupsClaim())), settings);
    String purpose = string(claims.getClaim(PURPOSE_CLAIM));
    String declaredAgent = string(claims.getClaim(AGENT_CLAIM));
    List<Map<String, Object>> actors = actors(claims.getClaim("act"));
    if (!actors.isEmpty()) {
      Map<String, Object> current = actors.get(0);
      String actorSub = string(current.get("sub"));
      String actorClient = string(current.get("client_id"));
      String subject = actorSub.isEmpty() ? actorClient : actorSub;
      List<String> chain = new ArrayList<>();
      for (Map<String, Object> prior : actors.subList(1, actors.size())) {
        String id = string(prior.get("sub"));
        chain.add(id.isEmpty() ? string(prior.get("client_id")) : id);
      }
      chain.add(sub);
      String agent =
          !declaredAgent.isEmpty() ? declaredAgent : !actorClient.isEmpty() ? actorClient : subject;
      return new Identity(
          subject,
          groups,
          agent,
          List.copyOf(new LinkedHashSet<>(chain)),
          purpose,
          true,
          Identity.Source.TOKEN);
    }
    String agent = declaredAgent.isEmpty() ? clientOf(claims, sub) : declaredAgent;
    return new Identity(sub, groups, agent, List.of(), purpose, true, Identity.Source.TOKEN);
  }

  /** The client id when the token is a client's own (client credentials), else empty. */
  private static String clientOf(JWTClaimsSet claims, String sub) {
    String clientId = string(claims.getClaim("client_id"));
    String azp = string(claims.getClaim("azp"));
    String appid = string(claims.getClaim("appid"));
    for (String client : List.of(clientId, azp, appid)) {
      if (!client.isEmpty() && (sub.equals(client) || sub.equals(client + "@clients"))) {
        return client;
      }
    }
    if ("app".equals(string(claims.getClaim("idtyp")))) {
      // Entra ID app-only token: sub is the service principal's object id
      for (String client : List.of(azp, appid, clientId)) {
        if (!client.isEmpty()) {
          return client;
        }
      }
      return sub;
    }
    return "";
  }

  private static String firstSegment(String path) {
    int dot = path.indexOf('.');
    return dot < 0 ? path : path.substring(0, dot);
  }

  private static Set<String> groups(Object top, TokenSettings settings)
      throws java.sql.SQLException {
    Object value = top;
    String path = settings.groupsClaim();
    int dot = path.indexOf('.');
    while (dot >= 0 && value != null) {
      String rest = path.substring(dot + 1);
      int next = rest.indexOf('.');
      String key = next < 0 ? rest : rest.substring(0, next);
      value = value instanceof Map<?, ?> map ? map.get(key) : null;
      path = rest;
      dot = next;
    }
    Set<String> groups = new LinkedHashSet<>();
    if (value instanceof Collection<?> list) {
      for (Object item : list) {
        if (!(item instanceof String name)) {
          throw TokenVerifier.refused(
              "the claim " + settings.groupsClaim() + " must hold strings (malformed groups)");
        }
        if (!name.isBlank()) {
          groups.add(name.strip());
        }
      }
    } else if (value instanceof String names) {
      for (String name : names.split("[\\s,]+")) {
        if (!name.isBlank()) {
          groups.add(name);
        }
      }
    } else if (value != null) {
      throw TokenVerifier.refused(
          "the claim " + settings.groupsClaim() + " must be a list of strings (malformed groups)");
    }
    return groups;
  }

  /** The {@code act} chain, current actor first. */
  private static List<Map<String, Object>> actors(Object act) throws java.sql.SQLException {
    List<Map<String, Object>> chain = new ArrayList<>();
    Object next = act;
    while (next != null) {
      if (!(next instanceof Map<?, ?> map) || chain.size() >= MAX_ACTORS) {
        throw TokenVerifier.refused(
            "its act claim must be an object nesting at most " + MAX_ACTORS + " actors");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> actor = (Map<String, Object>) map;
      if (string(actor.get("sub")).isEmpty() && string(actor.get("client_id")).isEmpty()) {
        throw TokenVerifier.refused("an actor in its act claim names no sub or client_id");
      }
      chain.add(actor);
      next = actor.get("act");
    }
    return chain;
  }

  private static String string(Object value) {
    return value instanceof String s ? s.strip() : "";
  }
}
