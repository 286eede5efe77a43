package io.phiguard.rewrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough JSON for decision files: one object of strings, nulls and string arrays. */
final class MiniJson {

  private final String text;
  private int pos;

  private MiniJson(String text) {
    this.text = text;
  }

  static Map<String, Object> parseObject(String text) {
    MiniJson json = new MiniJson(text);
    Map<String, Object> object = json.object();
    json.blank();
    if (json.pos != text.length()) {
      throw new IllegalArgumentException("trailing text at " + json.pos);
    }
    return object;
  }

  static String write(Map<String, Object> object) {
    StringBuilder out = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, Object> entry : object.entrySet()) {
      Object value = entry.getValue();
      if (value == null && !entry.getKey().equals("deny")
          || value instanceof List
              && ((List<?>) value).isEmpty()
              && !entry.getKey().equals("masked")) {
        continue; // defaults are left out
      }
      out.append(first ? "" : ",").append("\n  \"").append(entry.getKey()).append("\": ");
      first = false;
      if (value == null) {
        out.append("null");
      } else if (value instanceof List) {
        List<String> items = new ArrayList<>();
        for (Object item : (List<?>) value) {
          items.add(quote((String) item));
        }
        out.append('[').append(String.join(", ", items)).append(']');
      } else {
        out.append(quote((String) value));
      }
    }
    return out.append("\n}\n").toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private Map<String, Object> object() {
    expect('{');
    Map<String, Object> object = new LinkedHashMap<>();
    blank();
    if (peek() == '}') {
      pos++;
      return object;
    }
    do {
      blank();
      String key = string();
      blank();
      expect(':');
      blank();
      object.put(key, value());
      blank();
    } while (consume(','));
    expect('}');
    return object;
  }

  private Object value() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '[') {
      pos++;
      List<Object> items = new ArrayList<>();
      blank();
      if (consume(']')) {
        return items;
      }
      do {
        blank();
        items.add(value());
        blank();
      } while (consume(','));
      expect(']');
      return items;
    }
    if (text.startsWith("null", pos)) {
      pos += 4;
      return null;
    }
    throw new IllegalArgumentException("unexpected value at " + pos);
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (peek() != '"') {
      char c = text.charAt(pos++);
      if (c == '\\') {
        c = text.charAt(pos++);
      }
      out.append(c);
    }
    pos++;
    return out.toString();
  }

  private void blank() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private boolean consume(char c) {
    if (peek() == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!consume(c)) {
      throw new IllegalArgumentException("expected " + c + " at " + pos);
    }
  }
}
