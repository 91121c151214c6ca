package dev.lakeload.s3;

import dev.lakeload.core.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Where and how {@link S3Source} reads a lake: the manifest's {@code source.s3} section. An invalid configuration
 * cannot be built; the {@link ConfigException} names the manifest key ({@code source.s3.<key>}).
 *
 * <p>Credentials are deliberately not part of it: they come from the AWS SDK's default credential chain
 * (environment, Java system properties, web identity token, shared profile files, container and instance roles)
 * or from the named {@link #profile()}, never from the manifest.
 *
 * @param bucket the bucket name, bare (not {@code s3://...})
 * @param prefix the lake's root inside the bucket, for example {@code dms/} (where DMS's {@code BucketFolder}
 *     points); the table prefixes are relative to it. Empty for the whole bucket; otherwise normalized to end in
 *     '/' and not start with '/'
 * @param region the bucket's region, for example {@code eu-west-1}; null to take it from the SDK's default region
 *     chain ({@code AWS_REGION}, {@code aws.region}, the profile, instance metadata), or {@code us-east-1} for an
 *     {@link #endpoint()} when that chain has none
 * @param endpoint the base URL of an S3-compatible store (MinIO, Ceph, S3Proxy) or a VPC endpoint; null for
 *     Amazon S3
 * @param pathStyle true to address buckets as {@code endpoint/bucket/key} rather than
 *     {@code bucket.endpoint/key}; most S3-compatible stores need it
 * @param profile a named profile of the shared AWS config and credentials files to take credentials (and the
 *     region) from; null for the default credential chain
 * @param checksums when to compute and validate checksums; S3-compatible stores often need
 *     {@link ChecksumMode#WHEN_REQUIRED}
 * @param retry how transient failures are retried
 */
public record S3SourceConfig(String bucket, String prefix, String region, URI endpoint, boolean pathStyle,
                             String profile, ChecksumMode checksums, RetryPolicy retry) {
    // Bucket names of Amazon S3 are stricter; stores like Ceph accept legacy names with capitals and underscores.
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern PROFILE = Pattern.compile("[^\\s\\[\\]]+");

    public S3SourceConfig {
        bucket = validBucket(bucket);
        prefix = normalizedPrefix(prefix);
        if (region != null && !REGION.matcher(region).matches()) {
            throw new ConfigException("source.s3.region must be a region name like 'eu-west-1', not '" + region
                    + "'");
        }
        if (endpoint != null) {
            validateEndpoint(endpoint);
        }
        if (profile != null && !PROFILE.matcher(profile).matches()) {
            throw new ConfigException("source.s3.profile must be the name of a profile in the AWS config files, "
                    + "not '" + profile + "'");
        }
        checksums = checksums == null ? ChecksumMode.WHEN_SUPPORTED : checksums;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
    }

    /** Starts a configuration for the given bucket, with every optional part at its default. */
    public static Builder builder(String bucket) {
        return new Builder(bucket);
    }

    /** The root as an S3 URI, for example {@code s3://lake/dms/}. */
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    private static String validBucket(String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw new ConfigException("source.s3.bucket is required: the name of the bucket DMS writes to");
        }
        if (bucket.startsWith("s3://") || bucket.contains("/")) {
            throw new ConfigException("source.s3.bucket must be a bare bucket name like 'my-lake', not '" + bucket
                    + "': put the path inside the bucket in source.s3.prefix");
        }
        if (!BUCKET.matcher(bucket).matches()) {
            throw new ConfigException("source.s3.bucket '" + bucket + "' is not a valid bucket name (letters, "
                    + "digits, '.', '-', at most 255 characters)");
        }
        return bucket;
    }

    private static String normalizedPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        if (prefix.startsWith("s3://")) {
            throw new ConfigException("source.s3.prefix is a path inside the bucket like 'dms/', not an S3 URI: '"
                    + prefix + "'");
        }
        String trimmed = prefix;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        if (trimmed.contains("//")) {
            throw new ConfigException("source.s3.prefix '" + prefix + "' contains an empty path segment ('//')");
        }
        return trimmed.isEmpty() || trimmed.endsWith("/") ? trimmed : trimmed + "/";
    }

    private static void validateEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme();
        if (!endpoint.isAbsolute() || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                || endpoint.getHost() == null || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new ConfigException("source.s3.endpoint must be an http(s) URL like "
                    + "'https://minio.example.com:9000', not '" + endpoint + "'");
        }
        if (endpoint.getRawUserInfo() != null) {
            // A URL with user info would carry credentials in plain text in the manifest and in logs.
            throw new ConfigException("source.s3.endpoint must not contain credentials; use the AWS credential "
                    + "chain or source.s3.profile");
        }
    }

    /**
     * Builds an {@link S3SourceConfig}; only the bucket is required. Not thread-safe.
     */
    public static final class Builder {
        private final String bucket;
        private String prefix = "";
        private String region;
        private URI endpoint;
        private boolean pathStyle;
        private String profile;
        private ChecksumMode checksums = ChecksumMode.WHEN_SUPPORTED;
        private RetryPolicy retry = RetryPolicy.DEFAULT;

        private Builder(String bucket) {
            this.bucket = bucket;
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * The endpoint as written in a manifest; null or blank for Amazon S3.
         *
         * @throws ConfigException naming {@code source.s3.endpoint} when it is not a URL
         */
        public Builder endpoint(String endpoint) {
            if (endpoint == null || endpoint.isBlank()) {
                this.endpoint = null;
                return this;
            }
            try {
                this.endpoint = new URI(endpoint.trim());
            } catch (URISyntaxException e) {
                throw new ConfigException("source.s3.endpoint must be an http(s) URL like "
                        + "'https://minio.example.com:9000', not '" + endpoint + "'", e);
            }
            return this;
        }

        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        public Builder profile(String profile) {
            this.profile = profile;
            return this;
        }

        public Builder checksums(ChecksumMode checksums) {
            this.checksums = checksums;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        /** @throws ConfigException when a part is invalid */
        public S3SourceConfig build() {
            return new S3SourceConfig(bucket, prefix, region, endpoint, pathStyle, profile, checksums, retry);
        }
    }
}
