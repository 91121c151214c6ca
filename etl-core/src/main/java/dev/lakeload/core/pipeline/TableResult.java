package dev.lakeload.core.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of loading one table in one run.
 *
 * <p>The records read reconcile: {@code rowsRead = rowsLoaded + rowsRejected + rowsDropped + rowsMerged}, each
 * record making one row of the table (rows a transformer adds to child tables are not records; a transformer that
 * makes several rows of the table from one record makes {@code rowsLoaded} larger by as many). The load checked it
 * for each file before committing, and fails the table naming the file when it does not hold.
 *
 * @param name the table
 * @param status how it ended
 * @param files new files loaded (or that would have been, when it failed)
 * @param rowsRead records read from those files
 * @param rowsLoaded rows written to the main table (in {@code cdc}, rows inserted, updated or deleted)
 * @param rowsRejected records recorded in the rejects table
 * @param seconds wall time spent on the table
 * @param error why it failed, naming file, line and column where known; null unless failed
 * @param errorKind what kind of failure it was, so that callers can act on it; null unless failed
 * @param notes things an operator should know even when it loaded (columns added, rewritten files, ...)
 * @param rowsDropped records a transformer dropped: no row of them reached the table or the rejects
 * @param rowsMerged ({@code upsert}, {@code cdc}) records not written because a later record of the same key in the
 *     load won, or because the table already had exactly their values (or, for a delete, did not have the key);
 *     0 for other modes
 * @param freshness how old the table's newest file is against its limits; null when it has none or it was not
 *     judged (the run could not list the table's files)
 * @param vanished files the table loaded that its source no longer lists
 */
public record TableResult(String name, TableStatus status, int files, long rowsRead, long rowsLoaded,
                          long rowsRejected, double seconds, String error, ErrorKind errorKind,
                          List<String> notes, long rowsDropped, long rowsMerged, FreshnessVerdict freshness,
                          List<VanishedFile> vanished) {
    public TableResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        notes = List.copyOf(notes);
        vanished = List.copyOf(vanished);
        if ((status == TableStatus.FAILED) != (error != null) || (error != null) != (errorKind != null)) {
            throw new IllegalArgumentException("a table has an error and its kind exactly when it failed");
        }
    }

    /** A result with nothing dropped or merged, no freshness verdict and no vanished files. */
    public TableResult(String name, TableStatus status, int files, long rowsRead, long rowsLoaded, long rowsRejected,
                       double seconds, String error, ErrorKind errorKind, List<String> notes) {
        this(name, status, files, rowsRead, rowsLoaded, rowsRejected, seconds, error, errorKind, notes, 0, 0, null,
                List.of());
    }

    /** Whether its newest file is older than its {@code errorAfter}, which fails the run. */
    public boolean staleError() {
        return freshness != null && freshness.level() == FreshnessVerdict.Level.ERROR;
    }
}
