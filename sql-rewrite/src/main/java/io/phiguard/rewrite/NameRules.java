package io.phiguard.rewrite;

import java.util.Locale;
import java.util.Objects;

/**
 * How one database matches names: PostgreSQL folds unquoted identifiers to lower case, H2 to upper
 * case, and both compare quoted identifiers exactly; MySQL and MariaDB compare column names without
 * regard to case and table names (and schemas, and table aliases) either exactly or without case,
 * depending on the server's {@code lower_case_table_names}.
 *
 * <p>Names are compared through <em>keys</em>: two names denote the same object when their keys are
 * equal. {@link #key(String, NameKind)} computes the key of an identifier as written in SQL, quotes
 * included; {@link #storedKey(String, NameKind)} the key of a name as the catalog reports it.
 */
public final class NameRules {

  /** What an identifier names; MySQL matches tables and columns by different rules. */
  public enum NameKind {
    /** A schema (a MySQL database), a table, a view or a table alias. */
    TABLE,
    /** A column or a column alias. */
    COLUMN
  }

  private enum Folding {
    LOWER,
    UPPER
  }

  private final Dialect dialect;
  private final Folding unquoted;
  private final boolean foldQuoted;
  private final boolean tablesIgnoreCase;
  private final boolean columnsIgnoreCase;

  private NameRules(
      Dialect dialect,
      Folding unquoted,
      boolean foldQuoted,
      boolean tablesIgnoreCase,
      boolean columnsIgnoreCase) {
    this.dialect = dialect;
    this.unquoted = unquoted;
    this.foldQuoted = foldQuoted;
    this.tablesIgnoreCase = tablesIgnoreCase;
    this.columnsIgnoreCase = columnsIgnoreCase;
  }

  /**
   * The rules of {@code dialect}. For MySQL and MariaDB table names are matched without regard to
   * case, which protects every spelling; use {@link #mysql(Dialect, boolean)} to match a server
   * with {@code lower_case_table_names=0} exactly.
   */
  public static NameRules of(Dialect dialect) {
    Objects.requireNonNull(dialect, "dialect");
    switch (dialect) {
      case POSTGRESQL:
        return new NameRules(dialect, Folding.LOWER, false, false, false);
      case H2:
        return new NameRules(dialect, Folding.UPPER, false, false, false);
      case MYSQL:
      case MARIADB:
        return mysql(dialect, false);
      default:
        // unknown database: match as loosely as possible, so protection over-matches
        return new NameRules(dialect, Folding.LOWER, true, true, true);
    }
  }

  /**
   * MySQL or MariaDB rules.
   *
   * @param tableNamesCaseSensitive whether the server compares table names exactly ({@code
   *     lower_case_table_names=0}, the Linux default)
   */
  public static NameRules mysql(Dialect dialect, boolean tableNamesCaseSensitive) {
    if (dialect != Dialect.MYSQL && dialect != Dialect.MARIADB) {
      throw new IllegalArgumentException("not a MySQL dialect: " + dialect);
    }
    return new NameRules(dialect, Folding.LOWER, true, !tableNamesCaseSensitive, true);
  }

  /** The dialect these rules belong to. */
  public Dialect dialect() {
    return dialect;
  }

  /** The key of an identifier as written in SQL, quotes included. */
  public String key(String sqlIdentifier, NameKind kind) {
    return key(Identifier.of(sqlIdentifier), kind);
  }

  String key(Identifier id, NameKind kind) {
    if (ignoresCase(kind)) {
      return id.text().toLowerCase(Locale.ROOT);
    }
    if (id.quoted() && !foldQuoted) {
      return id.text();
    }
    if (dialect == Dialect.MYSQL || dialect == Dialect.MARIADB) {
      // case-sensitive MySQL table names: quoting does not fold, nothing folds
      return id.text();
    }
    return unquoted == Folding.LOWER
        ? id.text().toLowerCase(Locale.ROOT)
        : id.text().toUpperCase(Locale.ROOT);
  }

  /** The key of a name exactly as the database stores it (as {@code DatabaseMetaData} reports). */
  public String storedKey(String storedName, NameKind kind) {
    return ignoresCase(kind) ? storedName.toLowerCase(Locale.ROOT) : storedName;
  }

  private boolean ignoresCase(NameKind kind) {
    return kind == NameKind.TABLE ? tablesIgnoreCase : columnsIgnoreCase;
  }

  @Override
  public String toString() {
    return "NameRules[" + dialect + "]";
  }
}
