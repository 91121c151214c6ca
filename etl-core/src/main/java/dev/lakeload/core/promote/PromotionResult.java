package dev.lakeload.core.promote;

import java.util.List;

/**
 * What a promotion did.
 *
 * @param rowsLoaded rows written to the main table
 * @param rowsRejected rows recorded in the rejects table (during staging and at promotion)
 * @param columnsAdded "table.column" names added to existing tables by schema evolution
 * @param tablesCreated tables created because they were missing
 * @param columnsIgnored "table.column" names the files bring and the table lacks, left out under
 *     {@code schemaEvolution: ignore}
 * @param rowsMerged ({@code upsert}, {@code cdc}) staged rows not written: a later row of their key in the load
 *     won, the table had exactly their values, or (a delete) the table did not have their key; 0 for other modes
 * @param notes what the mode found that an operator should know (for the run summary's notes)
 */
public record PromotionResult(long rowsLoaded, long rowsRejected, List<String> columnsAdded,
                              List<String> tablesCreated, List<String> columnsIgnored, long rowsMerged,
                              List<String> notes) {
    public PromotionResult {
        notes = List.copyOf(notes);
        columnsIgnored = List.copyOf(columnsIgnored);
        columnsAdded = List.copyOf(columnsAdded);
        tablesCreated = List.copyOf(tablesCreated);
        if (rowsMerged < 0) {
            throw new IllegalArgumentException("negative merged rows: " + rowsMerged);
        }
    }

    /** A result with no merged rows and no notes. */
    public PromotionResult(long rowsLoaded, long rowsRejected, List<String> columnsAdded, List<String> tablesCreated,
                           List<String> columnsIgnored) {
        this(rowsLoaded, rowsRejected, columnsAdded, tablesCreated, columnsIgnored, 0, List.of());
    }
}
