package io.phiguard.policy;

import java.util.Locale;
import java.util.Objects;

/**
 * A table, schema, column or routine name as written in the policy.
 *
 * <p>An unquoted name ({@code patients}) matches a database name in any letter case, whatever the
 * database folds unquoted names to (PostgreSQL lower, H2 upper). A name written in double quotes
 * ({@code "Patients"}, in YAML {@code '"Patients"'}) matches only that exact spelling.
 *
 * @param text the name without quotes
 * @param quoted whether it was written in double quotes
 */
public record Identifier(String text, boolean quoted) {

  public Identifier {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("an identifier cannot be empty");
    }
  }

  /** An unquoted identifier. */
  public static Identifier of(String text) {
    return new Identifier(text, false);
  }

  /** Whether this name denotes {@code databaseName}, the name as the database reports it. */
  public boolean matches(String databaseName) {
    if (quoted) {
      return text.equals(databaseName);
    }
    return databaseName != null && folded().equals(databaseName.toLowerCase(Locale.ROOT));
  }

  /**
   * Whether two policy names could denote the same database object; used to find entries written
   * twice. Quoted and unquoted spellings that differ only in case count as the same, on purpose:
   * under PostgreSQL's folding they are.
   */
  boolean overlaps(Identifier other) {
    return folded().equals(other.folded());
  }

  /** For fingerprints: unquoted names in lower case, since case does not matter for them. */
  String canonical() {
    return quoted ? toString() : folded();
  }

  String folded() {
    return text.toLowerCase(Locale.ROOT);
  }

  /** The name as written in SQL: quoted if it was quoted. */
  @Override
  public String toString() {
    return quoted ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
