package io.phiguard.rewrite;

import java.util.function.Consumer;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;

/**
 * A catalog table referenced at one place of the parsed tree, with the means to replace that
 * reference by an inline view. {@code slot} is null where the grammar allows only a table name (a
 * DML target, a {@code DELETE … USING} list).
 */
final class TableBinding {

  final Table table;
  final TableDef def;
  final Consumer<FromItem> slot;
  final boolean dmlTarget;

  TableBinding(Table table, TableDef def, Consumer<FromItem> slot, boolean dmlTarget) {
    this.table = table;
    this.def = def;
    this.slot = slot;
    this.dmlTarget = dmlTarget;
  }

  /** The name the inline view takes: the alias as written, else the table name as written. */
  String exposedName() {
    return table.getAlias() != null ? table.getAlias().getName() : table.getName();
  }
}
