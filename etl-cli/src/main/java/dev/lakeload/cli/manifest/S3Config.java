package dev.lakeload.cli.manifest;

import dev.lakeload.core.ConfigException;

/**
 * {@code source.s3:}. Credentials never go here: they come from the AWS default provider chain (environment,
 * profiles, web identity, instance and container roles) or the named {@code profile}.
 *
 * @param bucket the bucket name
 * @param prefix an optional root under which the tables' {@code from:} prefixes are
 * @param region the region; omitted, the SDK's default region chain decides
 * @param endpoint an endpoint URI for S3-compatible stores (MinIO, Ceph, ...)
 * @param pathStyle path-style addressing, which most S3-compatible stores need
 * @param profile a named AWS profile
 * @param checksums {@code when_supported} (AWS default) or {@code when_required} (what many S3-compatible stores
 *     need)
 */
public record S3Config(String bucket, String prefix, String region, String endpoint, Boolean pathStyle,
                       String profile, String checksums) {
    public S3Config {
        if (bucket == null || bucket.isBlank()) {
            throw new ConfigException("source.s3.bucket is missing");
        }
        prefix = prefix == null ? "" : prefix;
        pathStyle = pathStyle != null && pathStyle;
    }
}
