package dev.lakeload.core.promote;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.staging.StagedLoad;
import java.util.List;
import java.util.Map;

/**
 * Moves staged rows into the typed main table (and child tables) and records the loaded files in the ledger, in
 * one transaction: after it returns, every staged file is fully loaded and recorded; if it throws, nothing of this
 * load is visible. How rows are applied depends on the table's {@link dev.lakeload.core.config.LoadMode}.
 *
 * <p>Implementations are thread-safe.
 */
public interface Promoter {
    /**
     * The columns the target tables of {@code table} have now, per relation ("" for the table itself), with their
     * actual types as type hints and any recorded source paths. Empty for tables that do not exist yet.
     */
    Map<String, List<Column>> existingColumns(TableSpec table);

    /**
     * Promotes one staged load.
     *
     * @throws dev.lakeload.core.DataException when more rows are rejected (a value that does not convert, a key
     *     that is taken) than the table's {@code maxRejects} allows (the message names the first one's file, line
     *     and column), or a header names a column the table does not have
     * @throws dev.lakeload.core.ConfigException when a declared column or field name matches no column
     */
    PromotionResult promote(TableSpec table, StagedLoad staged, String runId);
}
