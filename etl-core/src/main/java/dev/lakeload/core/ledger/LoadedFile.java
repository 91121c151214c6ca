package dev.lakeload.core.ledger;

import java.time.Instant;

/**
 * A file recorded in the ledger as loaded.
 *
 * @param key the file's key in the source
 * @param versionTag its version tag when it was loaded
 * @param size its size then
 * @param rows rows read from it
 * @param loadedAt when the promotion committed
 * @param runId the run that loaded it
 */
public record LoadedFile(String key, String versionTag, long size, long rows, Instant loadedAt, String runId) {
}
