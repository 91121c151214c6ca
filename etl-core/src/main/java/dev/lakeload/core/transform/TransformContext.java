package dev.lakeload.core.transform;

import dev.lakeload.core.row.Column;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a transformer may know about the table it works for.
 *
 * @param table the target table's name
 * @param primaryKey the table's declared primary key columns (may be empty)
 * @param knownColumns per relation ("" for the table itself, else the child suffix), the columns the target tables
 *     already have, in table order: name, actual PostgreSQL type as {@link Column#typeHint()}, and the source path
 *     recorded when a transformer created the column. Empty on a first load.
 */
public record TransformContext(String table, List<String> primaryKey, Map<String, List<Column>> knownColumns) {
    public TransformContext {
        Objects.requireNonNull(table, "table");
        primaryKey = List.copyOf(primaryKey);
        knownColumns = Map.copyOf(knownColumns);
    }

    /** The known columns of one relation, or an empty list. */
    public List<Column> knownColumns(String relation) {
        return knownColumns.getOrDefault(relation, List.of());
    }
}
