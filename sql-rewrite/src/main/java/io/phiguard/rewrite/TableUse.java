package io.phiguard.rewrite;

/**
 * One relation a statement names.
 *
 * @param schema the schema as stored, or as written when unknown (may be null)
 * @param name the name as stored, or as written when unknown
 * @param kind the catalog kind; null when unknown
 * @param known whether the catalog has it
 * @param access whether the statement reads it or writes it
 */
public record TableUse(String schema, String name, TableKind kind, boolean known, Access access) {

  /** How a statement touches a relation. */
  public enum Access {
    READ,
    /** The target of an INSERT, UPDATE, DELETE, MERGE, DDL statement or SELECT INTO. */
    WRITE
  }

  /** {@code schema.name} or {@code name}. */
  public String qualifiedName() {
    return schema == null ? name : schema + "." + name;
  }
}
