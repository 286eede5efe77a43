package io.phiguard.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checks a policy against the tables a database has: protected tables and columns that do not exist
 * are almost always typos, and a typo in {@code protect} leaves PHI unmasked.
 *
 * <p>Returns the problems instead of throwing, because whether they are fatal is the caller's call:
 * at startup a table may legitimately not exist yet (migrations create it after the pool opens),
 * while {@code phiguard policy check} against a migrated database should fail on them.
 */
public final class CatalogCheck {

  private CatalogCheck() {}

  /** Every protected table without a matching database table, and every missing column. */
  public static List<PolicyException> problems(Policy policy, Collection<CatalogTable> catalog) {
    List<PolicyException> problems = new ArrayList<>();
    List<String> tableNames = catalog.stream().map(CatalogTable::name).distinct().toList();
    for (ProtectedTable table : policy.protect()) {
      List<CatalogTable> matches =
          catalog.stream().filter(t -> table.matches(t.schema(), t.name())).toList();
      if (matches.isEmpty()) {
        problems.add(
            new PolicyException(
                table.location(),
                "protected table '" + table.name() + "' is not in the database",
                Suggestions.didYouMean(table.name().name().text(), tableNames)
                    + "Check the name and schema; names in double quotes must match exactly"));
        continue;
      }
      for (ProtectedColumn column : table.columns()) {
        boolean found =
            matches.stream().anyMatch(t -> t.columns().stream().anyMatch(column::matches));
        if (!found) {
          List<String> columnNames =
              matches.stream().flatMap(t -> t.columns().stream()).distinct().toList();
          problems.add(
              new PolicyException(
                  column.location(),
                  "protected column '"
                      + column.name()
                      + "' is not a column of table '"
                      + table.name()
                      + "'",
                  Suggestions.didYouMean(column.name().text(), columnNames)
                      + "Columns: "
                      + String.join(", ", columnNames)));
        }
      }
    }
    return problems;
  }
}
