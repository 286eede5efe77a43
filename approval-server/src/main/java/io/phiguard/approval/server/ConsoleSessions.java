package io.phiguard.approval.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's signed-in approvers and the logins under way, in memory (a restart signs everyone
 * out). Session ids, CSRF tokens, OIDC {@code state}, nonces and PKCE verifiers are 256-bit random
 * values.
 */
final class ConsoleSessions {
  /** How long a console session lasts, however active. */
  static final Duration SESSION_TTL = Duration.ofHours(8);

  /** How long a login may take at the identity provider. */
  static final Duration LOGIN_TTL = Duration.ofMinutes(10);

  private static final int MAX_ENTRIES = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A signed-in approver.
   *
   * @param id the session cookie's value
   * @param csrf the synchronizer token every state-changing form must carry
   * @param approver who, as the ID token said
   * @param expiresAt when it ends
   */
  record Session(String id, String csrf, Approver approver, Instant expiresAt) {
    @Override
    public String toString() {
      return "Session[" + approver.subject() + "]";
    }
  }

  /**
   * A login under way, found by its {@code state}.
   *
   * @param browserKey the login cookie's value: the callback must come from the browser that began
   * @param verifier the PKCE code verifier
   * @param nonce the nonce the ID token must carry
   * @param expiresAt when it is abandoned
   */
  record PendingLogin(String browserKey, String verifier, String nonce, Instant expiresAt) {
    @Override
    public String toString() {
      return "PendingLogin";
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, PendingLogin> logins = new ConcurrentHashMap<>();
  private final Clock clock;

  ConsoleSessions(Clock clock) {
    this.clock = clock;
  }

  /** A new random token (URL-safe base64 of 32 bytes). */
  static String token() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Starts a login; returns its {@code state}. */
  String beginLogin(PendingLogin login) {
    Instant now = clock.instant();
    logins.values().removeIf(l -> !now.isBefore(l.expiresAt()));
    if (logins.size() >= MAX_ENTRIES) {
      // a flood of abandoned logins must not lock approvers out: drop the oldest
      logins.entrySet().stream()
          .min(
              java.util.Map.Entry.comparingByValue(
                  java.util.Comparator.comparing(PendingLogin::expiresAt)))
          .ifPresent(e -> logins.remove(e.getKey()));
    }
    String state = token();
    logins.put(state, login);
    return state;
  }

  /** Takes the login of {@code state} (once) if it is current and began in this browser. */
  PendingLogin finishLogin(String state, String browserKey) {
    if (state == null || browserKey == null) {
      return null;
    }
    PendingLogin login = logins.remove(state);
    if (login == null
        || !clock.instant().isBefore(login.expiresAt())
        || !same(login.browserKey(), browserKey)) {
      return null;
    }
    return login;
  }

  /** Signs {@code approver} in. */
  Session open(Approver approver) {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
    if (sessions.size() >= MAX_ENTRIES) {
      throw new IllegalStateException("too many console sessions; try again later");
    }
    Session s = new Session(token(), token(), approver, now.plus(SESSION_TTL));
    sessions.put(s.id(), s);
    return s;
  }

  /** The current session with cookie value {@code id}, or null. */
  Session find(String id) {
    if (id == null) {
      return null;
    }
    Session s = sessions.get(id);
    if (s == null) {
      return null;
    }
    if (!clock.instant().isBefore(s.expiresAt())) {
      sessions.remove(id);
      return null;
    }
    return s;
  }

  void close(Session session) {
    sessions.remove(session.id());
  }

  /** Constant-time comparison, so a token cannot be guessed byte by byte from response times. */
  static boolean same(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
