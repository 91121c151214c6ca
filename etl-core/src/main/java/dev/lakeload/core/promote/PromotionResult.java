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
 */
public record PromotionResult(long rowsLoaded, long rowsRejected, List<String> columnsAdded,
                              List<String> tablesCreated, List<String> columnsIgnored) {
    public PromotionResult {
        columnsIgnored = List.copyOf(columnsIgnored);
        columnsAdded = List.copyOf(columnsAdded);
        tablesCreated = List.copyOf(tablesCreated);
    }
}
