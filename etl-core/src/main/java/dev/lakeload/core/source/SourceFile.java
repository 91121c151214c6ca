package dev.lakeload.core.source;

import java.time.Instant;
import java.util.Objects;

/**
 * One file (object) in a {@link Source}, as listed.
 *
 * @param key the file's key relative to the source's root, with '/' separators (for example
 *     {@code shop/orders/LOAD00000001.csv}); tables select and order their files by it, and messages name it
 * @param location where the file is, whatever the source's root: {@code file:} and its absolute path, or
 *     {@code s3://bucket/} and its full key. The ledger knows a file by its location, so configuring the root
 *     differently (and the tables' prefixes with it) never loads a file a second time
 * @param size its size in bytes when listed, as stored (compressed size for compressed files)
 * @param versionTag a cheap stamp that changes whenever the content may have changed: an S3 ETag, or a local
 *     file's size, modification and change time. When it differs from the ledger's, the content is compared by
 *     hash to tell a rewritten file from a touched one
 * @param lastModified when the file was last written
 */
public record SourceFile(String key, String location, long size, String versionTag, Instant lastModified) {
    public SourceFile {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(location, "location");
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
