package dev.lakeload.core.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of loading one table in one run.
 *
 * @param name the table
 * @param status how it ended
 * @param files new files loaded (or that would have been, when it failed)
 * @param rowsRead records read from those files
 * @param rowsLoaded rows written to the main table
 * @param rowsRejected rows recorded in the rejects table
 * @param seconds wall time spent on the table
 * @param error why it failed, naming file, line and column where known; null unless failed
 * @param errorKind what kind of failure it was, so that callers can act on it; null unless failed
 * @param notes things an operator should know even when it loaded (columns added, rewritten files, ...)
 */
public record TableResult(String name, TableStatus status, int files, long rowsRead, long rowsLoaded,
                          long rowsRejected, double seconds, String error, ErrorKind errorKind,
                          List<String> notes) {
    public TableResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        notes = List.copyOf(notes);
        if ((status == TableStatus.FAILED) != (error != null) || (error != null) != (errorKind != null)) {
            throw new IllegalArgumentException("a table has an error and its kind exactly when it failed");
        }
    }
}
