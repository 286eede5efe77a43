package io.phiguard.policy;

import java.util.regex.Pattern;

/** Hides credentials in URLs before they are printed. */
final class Redaction {

  // user:password@ in an authority, and password=… / secret=… style parameters
  private static final Pattern USER_INFO = Pattern.compile("(//)[^/@?#;]*@");
  private static final Pattern SECRET_PARAM =
      Pattern.compile("(?i)((?:password|passwd|pwd|secret|token|key)=)[^&;]*");

  private Redaction() {}

  /** {@code url} with user info and secret-looking parameters replaced by {@code ***}. */
  static String url(String url) {
    String noUser = USER_INFO.matcher(url).replaceAll("$1***@");
    return SECRET_PARAM.matcher(noUser).replaceAll("$1***");
  }
}
