package dev.lakeload.core.staging;

import dev.lakeload.core.source.SourceFile;

/**
 * A file in a staging area.
 *
 * @param ordinal its position in load order, starting at 1; staged rows refer to the file by it
 * @param file the file as listed
 * @param rowsRead records the reader read from it
 * @param rowsStaged rows written to the staging tables (child relations included)
 * @param rowsRejected rows sent to the rejects table while staging
 */
public record StagedFile(int ordinal, SourceFile file, long rowsRead, long rowsStaged, long rowsRejected) {
}
