package dev.lakeload.cli.manifest;

import dev.lakeload.core.ConfigException;

/** {@code source:}: exactly one of {@code local} or {@code s3}. */
public record SourceConfig(LocalConfig local, S3Config s3) {
    public SourceConfig {
        if ((local == null) == (s3 == null)) {
            throw new ConfigException("source needs exactly one of 'local' or 's3'");
        }
    }

    /** {@code source.local:} a folder laid out like a bucket; a relative path is relative to the manifest. */
    public record LocalConfig(String path) {
        public LocalConfig {
            if (path == null || path.isBlank()) {
                throw new ConfigException("source.local.path is missing");
            }
        }
    }
}
