package dev.lakeload.core.staging;

import dev.lakeload.core.row.Schema;
import java.util.Set;

/**
 * One all-text staging table and the columns it holds.
 *
 * @param table where the rows are
 * @param schema the union of the columns seen, in staging order (last known type hints included); the relation
 *     name says which target table the rows are for
 * @param rows how many rows it holds
 * @param jsonColumns the columns whose every row was staged under a {@code jsonb} or {@code json} type hint, so
 *     whose values are JSON text (see {@link dev.lakeload.core.row.Column#typeHint}); a column that a transformer
 *     widened to jsonb after it staged scalars is not among them
 */
public record StagedRelation(StagingTable table, Schema schema, long rows, Set<String> jsonColumns) {
    public StagedRelation {
        jsonColumns = Set.copyOf(jsonColumns);
    }

    /** A staging table none of whose columns is known to hold JSON text only. */
    public StagedRelation(StagingTable table, Schema schema, long rows) {
        this(table, schema, rows, Set.of());
    }
}
