package dev.lakeload.core.pipeline;

import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;
import java.util.BitSet;

/**
 * Passes the rows and rejects of one file at a time to staging, and counts the records (by their line) that at
 * least one row of the loaded table or one reject came from. The records read less these are the records the
 * transformers dropped. Child-table rows are not records and are not counted. Not thread-safe.
 */
final class ReachedRecords implements RowSink {
    private final RowSink staging;
    private final BitSet lines = new BitSet();
    private long rawRecords;

    ReachedRecords(RowSink staging) {
        this.staging = staging;
    }

    /** Starts counting a new file. */
    void beginFile() {
        lines.clear();
        rawRecords = 0;
    }

    /** Counts {@code records} of the current file that reached staging as their bytes ({@link RawProgress}). */
    void reachedRaw(long records) {
        rawRecords += records;
    }

    /** The records of the current file that reached staging, as a row of the loaded table, a reject or bytes. */
    long count() {
        return lines.cardinality() + rawRecords;
    }

    @Override
    public void accept(Row row) {
        if (row.schema().isMain()) {
            lines.set(Math.toIntExact(row.line()));
        }
        staging.accept(row);
    }

    @Override
    public void reject(Row origin, String column, String rawValue, String reason) {
        lines.set(Math.toIntExact(origin.line()));
        staging.reject(origin, column, rawValue, reason);
    }
}
