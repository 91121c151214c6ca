package dev.lakeload.core.source;

import java.time.Instant;
import java.util.Objects;

/**
 * One file (object) in a {@link Source}.
 *
 * @param key the full key of the file in its source, with '/' separators (for example
 *     {@code dms/shop/orders/LOAD00000001.csv})
 * @param size its size in bytes, as stored (compressed size for compressed files)
 * @param versionTag what changes when the content is rewritten in place: an S3 ETag or version id, a hash or
 *     modification stamp for local files. The ledger compares it to tell a rewritten file from a loaded one.
 * @param lastModified when the file was last written
 */
public record SourceFile(String key, long size, String versionTag, Instant lastModified) {
    public SourceFile {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionTag, "versionTag");
        Objects.requireNonNull(lastModified, "lastModified");
        if (size < 0) {
            throw new IllegalArgumentException("negative size for " + key);
        }
    }

    /** The last path segment of the key. */
    public String name() {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
