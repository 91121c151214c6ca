package dev.lakeload.cli.manifest;

import dev.lakeload.core.ConfigException;

/**
 * {@code source:}: exactly one of {@code local} or {@code s3}.
 *
 * @param local a folder laid out like a bucket
 * @param s3 an S3 bucket (or an S3-compatible store)
 */
public record SourceConfig(LocalConfig local, S3Config s3) {
    public SourceConfig {
        if ((local == null) == (s3 == null)) {
            throw new ConfigException("source needs exactly one of 'local' or 's3'");
        }
    }

    /**
     * {@code source.local:} a folder laid out like a bucket.
     *
     * @param path the folder; a relative path is relative to the manifest
     */
    public record LocalConfig(String path) {
        public LocalConfig {
            if (path == null || path.isBlank()) {
                throw new ConfigException("source.local.path is missing");
            }
        }
    }
}
