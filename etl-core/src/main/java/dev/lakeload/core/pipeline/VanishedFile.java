package dev.lakeload.core.pipeline;

import java.time.Instant;
import java.util.Objects;

/**
 * A file a table loaded that its source no longer lists (DMS deletes a table's folder on a source {@code TRUNCATE}).
 *
 * @param key the file's key when it was recorded
 * @param loadedAt when its latest ledger entry was recorded; null when not known
 * @param runId the run that recorded it
 */
public record VanishedFile(String key, Instant loadedAt, String runId) {
    public VanishedFile {
        Objects.requireNonNull(key, "key");
    }

    /** {@code key (loaded <time> by run <id>)}, for messages. */
    public String describe() {
        return key + " (loaded " + (loadedAt == null ? "at an unknown time" : loadedAt) + " by run " + runId + ")";
    }
}
