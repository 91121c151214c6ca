package dev.lakeload.core.staging;

import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.row.RowSink;
import dev.lakeload.core.source.FileContent;
import dev.lakeload.core.source.SourceFile;
import java.util.List;

/**
 * The staging area of one table load, filled file by file. As a {@link RowSink} it takes the rows (and the rejects)
 * of the current file.
 *
 * <p>Lifecycle: for each file in load order {@link #beginFile}, rows and rejects, {@link #endFile}; then
 * {@link #finish()}; then the {@link dev.lakeload.core.promote.Promoter} reads {@link #files()},
 * {@link #relations()} and {@link #rejectsTable()}; finally {@link #close()} drops everything, whatever happened
 * before. Not thread-safe.
 */
public interface StagedLoad extends RowSink, AutoCloseable {
    /**
     * Starts a file: the rows that follow come from it.
     *
     * @param previous the ledger's latest entry for the file when the load was planned, null when it had none
     */
    void beginFile(SourceFile file, LedgerEntry previous);

    /**
     * Ends the current file.
     *
     * @param rowsRead how many records the reader read from the file, for reconciliation
     * @param rowsDropped how many of them the transformers dropped (no row of the loaded table and no reject came
     *     from them); the others must all be staged, as rows or rejects, which the promotion checks
     * @param content what was read of the file, for the ledger
     */
    void endFile(long rowsRead, long rowsDropped, FileContent content);

    /** Completes staging: flushes and ends every bulk load. No rows may follow. */
    void finish();

    /** The files staged so far, in load order. */
    List<StagedFile> files();

    /** The staging tables: the loaded table's (relation "") first, then child relations. */
    List<StagedRelation> relations();

    /** The all-text table that holds this load's rejects, in the same schema as the staging tables. */
    StagingTable rejectsTable();

    /** How many rows went to the rejects table. */
    long rejectedRows();

    /** How many values had NUL characters stripped or replaced under the table's policy. */
    long cleanedValues();

    /** Drops every staging table of this load. Idempotent; never throws for a table already gone. */
    @Override
    void close();
}
