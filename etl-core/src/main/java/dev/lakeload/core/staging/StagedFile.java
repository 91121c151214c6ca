package dev.lakeload.core.staging;

import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.source.FileContent;
import dev.lakeload.core.source.SourceFile;

/**
 * A file in a staging area.
 *
 * @param ordinal its position in load order, starting at 1; staged rows refer to the file by it
 * @param file the file as listed
 * @param previous the ledger's latest entry for the file when the load was planned, null when it had none; the
 *     promotion refuses the file when the ledger has another one by then
 * @param content what was read of it: bytes and SHA-256
 * @param rowsRead records the reader read from it
 * @param rowsStaged rows written to the staging tables (child relations included)
 * @param rowsRejected rows sent to the rejects table while staging
 * @param rowsDropped records the transformers dropped (see {@link StagedLoad#endFile})
 */
public record StagedFile(int ordinal, SourceFile file, LedgerEntry previous, FileContent content, long rowsRead,
                         long rowsStaged, long rowsRejected, long rowsDropped) {
}
