package io.phiguard.policy;

import io.phiguard.policy.detect.PhiDetectors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fingerprint behind {@link Policy#policyVersion()}: SHA-256 over a canonical rendering of the
 * model, not of the file text.
 *
 * <p>Decision: formatting does not change the fingerprint, meaning does. Comments, blank lines,
 * indentation, quoting, flow vs. block style, the order of keys in a mapping (protected tables,
 * their columns, the keys of a rule) and whether a default is written out or left implicit all give
 * the same fingerprint, because they give the same model. The order of list items (unmask rules,
 * approval rules, names in a list) is kept: it is what the file says. Source positions and the file
 * name are not content. Secrets are never in the model, only references to them, so the fingerprint
 * cannot leak a key.
 */
final class PolicyFingerprint {

  private PolicyFingerprint() {}

  static String of(Policy policy) {
    return "sha256:" + sha256(canonical(policy));
  }

  /** A JSON rendering with sorted object keys; stable across releases as long as the model is. */
  static String canonical(Policy p) {
    Map<String, Object> root = new TreeMap<>();
    root.put("version", p.version());
    root.put("mode", p.mode().yamlName());
    Map<String, Object> protect = new TreeMap<>();
    for (ProtectedTable t : p.protect()) {
      Map<String, Object> columns = new TreeMap<>();
      for (ProtectedColumn c : t.columns()) {
        Map<String, Object> column = new TreeMap<>();
        column.put("mask", c.mask().toString());
        column.put("filter", c.filter().yamlName());
        column.put("on-masked-write", c.onMaskedWrite().yamlName());
        columns.put(c.name().canonical(), column);
      }
      protect.put(t.name().canonical(), columns);
    }
    root.put("protect", protect);
    List<Object> unmask = new ArrayList<>();
    for (UnmaskRule r : p.unmask()) {
      Map<String, Object> rule = new TreeMap<>();
      rule.put("groups", sorted(r.groups()));
      rule.put("subjects", sorted(r.subjects()));
      rule.put("purposes", sorted(r.purposes()));
      rule.put("tables", names(r.tables()));
      rule.put("allow-unverified", r.allowUnverified());
      unmask.add(rule);
    }
    root.put("unmask", unmask);
    root.put("hash-key", p.hashKey().map(SecretRef::toString).orElse(""));
    Map<String, Object> allow = new TreeMap<>();
    allow.put("functions", names(p.allow().functions()));
    allow.put("routines", names(p.allow().routines()));
    root.put("allow", allow);
    Map<String, Object> audit = new TreeMap<>();
    audit.put("store", p.audit().store());
    audit.put("journal", p.audit().journal());
    audit.put("durability", p.audit().durability().name());
    audit.put("spool", p.audit().spool());
    if (!p.audit().retryMax().equals(AuditSettings.DEFAULT_RETRY_MAX)) {
      // only when set: policy versions of existing files stay as they were
      audit.put("retry-max", p.audit().retryMax().toString());
    }
    p.audit().checkpointKey().ifPresent(k -> audit.put("checkpoint-key", k.toString()));
    root.put("audit", audit);
    root.put("approvals", approvals(p.approvals()));
    if (!p.mrnPatterns().equals(List.of(PhiDetectors.DEFAULT_MRN_PATTERN))) {
      // only when set: the fingerprints of policies written before 'detect' stay as they were
      root.put("detect-mrn", new ArrayList<Object>(p.mrnPatterns()));
    }
    StringBuilder out = new StringBuilder();
    write(root, out);
    return out.toString();
  }

  private static Map<String, Object> approvals(ApprovalSettings a) {
    Map<String, Object> m = new TreeMap<>();
    m.put("server", a.server().map(Object::toString).orElse(""));
    m.put("mode", a.waitMode().name());
    m.put("max-wait", a.maxWait().toString());
    m.put("request-ttl", a.requestTtl().toString());
    m.put("grant-ttl", a.grantTtl().toString());
    List<Object> rules = new ArrayList<>();
    for (ApprovalRule r : a.rules()) {
      Map<String, Object> rule = new TreeMap<>();
      rule.put("name", r.name());
      rule.put("when", r.trigger().toString());
      rule.put("quorum", r.quorum());
      rule.put("approvers", sorted(r.approvers()));
      rule.put("tables", names(r.tables()));
      rules.add(rule);
    }
    m.put("rules", rules);
    List<Object> exempt = new ArrayList<>();
    for (ApprovalExemption e : a.exemptions()) {
      Map<String, Object> ex = new TreeMap<>();
      ex.put("rule", e.rule());
      ex.put("subjects", sorted(e.subjects()));
      ex.put("allow-unverified", e.allowUnverified());
      exempt.add(ex);
    }
    m.put("exempt", exempt);
    // only when set: policy versions of existing files stay as they were
    a.clientToken().ifPresent(t -> m.put("client-token", t.toString()));
    return m;
  }

  private static List<Object> sorted(Collection<String> values) {
    return new ArrayList<>(new java.util.TreeSet<>(values));
  }

  private static List<Object> names(List<QualifiedName> names) {
    List<Object> out = new ArrayList<>();
    names.forEach(n -> out.add(n.canonical()));
    return out;
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : new LinkedHashMap<>(map).entrySet()) {
        out.append(sep);
        writeString(e.getKey().toString(), out);
        out.append(':');
        write(e.getValue(), out);
        sep = ",";
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      String sep = "";
      for (Object item : list) {
        out.append(sep);
        write(item, out);
        sep = ",";
      }
      out.append(']');
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      writeString(String.valueOf(value), out);
    }
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
