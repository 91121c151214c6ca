package dev.lakeload.core.staging;

import dev.lakeload.core.row.Schema;

/**
 * One all-text staging table and the columns it holds.
 *
 * @param table where the rows are
 * @param schema the union of the columns seen, in staging order (last known type hints included); the relation
 *     name says which target table the rows are for
 * @param rows how many rows it holds
 */
public record StagedRelation(StagingTable table, Schema schema, long rows) {
}
