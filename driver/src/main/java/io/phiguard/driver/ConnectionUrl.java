package io.phiguard.driver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * A {@code jdbc:phiguard:} URL split into the delegate URL and PhiGuard's own parameters.
 *
 * @param delegateUrl the URL the delegate driver receives, without {@code phiguard.*} parameters
 * @param parameters the {@code phiguard.*} parameters found in the URL
 */
record ConnectionUrl(String delegateUrl, Properties parameters) {
  static final String PREFIX = "jdbc:phiguard:";

  static boolean accepts(String url) {
    return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  /**
   * Splits {@code url}. Parameters may follow {@code ?} and {@code &} (PostgreSQL, MySQL, MariaDB)
   * or {@code ;} (H2).
   */
  static ConnectionUrl parse(String url) {
    // substring once, never replace(): the prefix may recur inside the delegate URL
    String rest = "jdbc:" + url.substring(PREFIX.length());
    Properties parameters = new Properties();
    StringBuilder kept = new StringBuilder(rest.length());
    int start = 0;
    boolean queryOpen = false;
    boolean droppedQueryStart = false;
    for (int i = 0; i <= rest.length(); i++) {
      char c = i < rest.length() ? rest.charAt(i) : '\0';
      boolean separator = c == '?' || c == '&' || c == ';' || i == rest.length();
      if (!separator || i == 0) {
        continue;
      }
      String segment = rest.substring(start, i);
      char lead = segment.isEmpty() ? '\0' : segment.charAt(0);
      boolean isParam = (lead == '?' || lead == '&' || lead == ';');
      String body = isParam ? segment.substring(1) : segment;
      if (isParam && body.toLowerCase(Locale.ROOT).startsWith(PhiGuardProperty.PREFIX)) {
        int eq = body.indexOf('=');
        String key = eq < 0 ? body : body.substring(0, eq);
        String value = eq < 0 ? "" : body.substring(eq + 1);
        if (lead != ';') {
          value = URLDecoder.decode(value, StandardCharsets.UTF_8);
        }
        parameters.setProperty(key, value);
        if (lead == '?') {
          droppedQueryStart = true;
        }
      } else {
        if (lead == '?') {
          queryOpen = true;
        }
        if (lead == '&' && droppedQueryStart && !queryOpen) {
          kept.append('?').append(body);
          queryOpen = true;
        } else {
          kept.append(segment);
        }
      }
      start = i;
    }
    return new ConnectionUrl(kept.toString(), parameters);
  }

  /** {@code url} without credentials, query or settings: safe for logs, errors and the audit. */
  static String describe(String url) {
    String result = url;
    int cut = indexOfAny(result, '?', ';');
    if (cut >= 0) {
      result = result.substring(0, cut);
    }
    int scheme = result.indexOf("//");
    int at = result.indexOf('@', Math.max(scheme, 0));
    if (scheme >= 0 && at > scheme) {
      int slash = result.indexOf('/', scheme + 2);
      if (slash < 0 || at < slash) {
        result = result.substring(0, scheme + 2) + result.substring(at + 1);
      }
    }
    return result;
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    if (i < 0) {
      return j;
    }
    return j < 0 ? i : Math.min(i, j);
  }
}
