package io.phiguard.audit;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from JDBC URLs before they reach the audit trail: user info in the authority
 * ({@code //user:secret@host}) and parameters that carry a user, password, key or token, in both
 * the {@code ?a=b&c=d} (PostgreSQL, MySQL) and {@code ;A=B} (H2, SQL Server) styles.
 */
public final class DatasourceUrls {
  private static final Pattern USER_INFO = Pattern.compile("//[^/?#;@]*@");
  private static final Pattern PARAM = Pattern.compile("([?&;])([^=&;?]*)=([^&;]*)");
  private static final Pattern SENSITIVE =
      Pattern.compile(
          "user|username|password|passwd|pwd|secret|token|access_?token|api_?key|key|sslkey"
              + "|sslpassword|sslcert|credentials?|auth.*|.*password.*|.*secret.*|.*token.*");

  private DatasourceUrls() {}

  /** The URL without user info and credential-bearing parameters; null stays null. */
  public static String withoutCredentials(String url) {
    if (url == null) {
      return null;
    }
    String s = USER_INFO.matcher(url).replaceFirst("//");
    Matcher m = PARAM.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    int last = 0;
    while (m.find()) {
      out.append(s, last, m.start());
      String name = m.group(2).trim().toLowerCase(Locale.ROOT);
      if (SENSITIVE.matcher(name).matches()) {
        if (m.group(1).equals("?")) {
          out.append('?'); // keep the query start; the next '&' is dropped below
        }
      } else {
        out.append(m.group());
      }
      last = m.end();
    }
    out.append(s, last, s.length());
    String cleaned = out.toString().replace("?&", "?");
    while (cleaned.contains("?&")) {
      cleaned = cleaned.replace("?&", "?");
    }
    if (cleaned.endsWith("?")) {
      cleaned = cleaned.substring(0, cleaned.length() - 1);
    }
    return cleaned;
  }
}
