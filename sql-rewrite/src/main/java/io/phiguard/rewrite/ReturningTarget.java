package io.phiguard.rewrite;

import java.util.List;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * The {@code RETURNING} list of a data-changing statement together with its target table: the one
 * place where values of a table are output without a FROM reference to replace.
 */
record ReturningTarget(
    TableBinding target, List<SelectItem<?>> items, List<Relation.Col> outputs) {}
