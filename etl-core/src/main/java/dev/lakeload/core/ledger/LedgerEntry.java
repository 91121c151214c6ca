package dev.lakeload.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a file in the ledger: a version of its content that a run loaded or skipped, or the file's removal
 * from a {@code replace} table. A file loaded, rewritten and loaded again has several entries; the one with the
 * highest id is its current state.
 *
 * @param id the entry's number; later entries have higher ones
 * @param location the file's location (see {@link dev.lakeload.core.source.SourceFile#location()})
 * @param key its key relative to the source's root at the time
 * @param versionTag the listing stamp its content was last seen with
 * @param contentSha256 the SHA-256 of the bytes read; null for entries from before lakeload recorded hashes
 * @param size the bytes read (the listed size for entries from before hashes)
 * @param rows records read from it; 0 when skipped
 * @param disposition whether the content was loaded or skipped
 * @param recordedAt when the entry was committed
 * @param runId the run that recorded it
 */
public record LedgerEntry(long id, String location, String key, String versionTag, String contentSha256, long size,
                          long rows, Disposition disposition, Instant recordedAt, String runId) {
    public LedgerEntry {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(versionTag, "versionTag");
        Objects.requireNonNull(disposition, "disposition");
    }

    /** What a run did with a version of a file. */
    public enum Disposition {
        /** Its rows were loaded. */
        LOADED,
        /** It was left out under {@code rewrittenFiles: skip}; the rows of an earlier version stay. */
        SKIPPED,
        /**
         * It was no longer listed when its {@code replace} table was loaded, so its rows left the table. Listed
         * again later, it is a new file.
         */
        REMOVED
    }
}
