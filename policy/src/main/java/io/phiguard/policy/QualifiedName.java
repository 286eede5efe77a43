package io.phiguard.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A possibly schema-qualified name: {@code patients}, {@code public.patients}, {@code
 * "Clinic"."Patients"}. Without a schema it matches the name in every schema.
 *
 * @param schema the schema the name is pinned to, if any
 * @param name the table or routine name
 */
public record QualifiedName(Optional<Identifier> schema, Identifier name) {

  public QualifiedName {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
  }

  /**
   * Parses {@code name}, {@code schema.name}, either part optionally in double quotes ({@code ""}
   * inside quotes is one quote).
   *
   * @throws IllegalArgumentException with a reason fit for a message, without the text itself
   */
  public static QualifiedName parse(String text) {
    List<Identifier> parts = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (true) {
      if (i < n && text.charAt(i) == '"') {
        StringBuilder part = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < n) {
          char c = text.charAt(i++);
          if (c == '"') {
            if (i < n && text.charAt(i) == '"') {
              part.append('"');
              i++;
            } else {
              closed = true;
              break;
            }
          } else {
            part.append(c);
          }
        }
        if (!closed) {
          throw new IllegalArgumentException("a double quote is not closed");
        }
        if (part.length() == 0) {
          throw new IllegalArgumentException("a quoted name is empty");
        }
        parts.add(new Identifier(part.toString(), true));
      } else {
        int start = i;
        while (i < n && text.charAt(i) != '.') {
          char c = text.charAt(i);
          if (c == '"' || Character.isWhitespace(c)) {
            throw new IllegalArgumentException(
                "an unquoted name contains a quote or a space; quote the whole name");
          }
          i++;
        }
        if (i == start) {
          throw new IllegalArgumentException("a name part is empty");
        }
        parts.add(Identifier.of(text.substring(start, i)));
      }
      if (i == n) {
        break;
      }
      if (text.charAt(i) != '.') {
        throw new IllegalArgumentException("a quoted name is followed by something other than '.'");
      }
      i++;
    }
    if (parts.size() > 2) {
      throw new IllegalArgumentException("a name has more than two parts (schema.name)");
    }
    return parts.size() == 1
        ? new QualifiedName(Optional.empty(), parts.get(0))
        : new QualifiedName(Optional.of(parts.get(0)), parts.get(1));
  }

  /**
   * Whether this name denotes the database object {@code databaseSchema.databaseName}; an unpinned
   * name matches in every schema.
   */
  public boolean matches(String databaseSchema, String databaseName) {
    return name.matches(databaseName) && schema.map(s -> s.matches(databaseSchema)).orElse(true);
  }

  /**
   * Whether two policy names could denote the same object in the same way (same pin, same name).
   */
  boolean overlaps(QualifiedName other) {
    return name.overlaps(other.name)
        && schema.isPresent() == other.schema.isPresent()
        && (schema.isEmpty() || schema.get().overlaps(other.schema.get()));
  }

  /**
   * Whether this name, used as a reference (e.g. in an unmask rule's {@code tables}), covers the
   * protected entry {@code target}: same name, and same schema if this one is pinned.
   */
  boolean covers(QualifiedName target) {
    if (!name.overlaps(target.name)) {
      return false;
    }
    return schema.isEmpty()
        || (target.schema.isPresent() && schema.get().overlaps(target.schema.get()));
  }

  /** For fingerprints: see {@link Identifier#canonical()}. */
  String canonical() {
    return schema.map(s -> s.canonical() + ".").orElse("") + name.canonical();
  }

  @Override
  public String toString() {
    return schema.map(s -> s + ".").orElse("") + name;
  }
}
