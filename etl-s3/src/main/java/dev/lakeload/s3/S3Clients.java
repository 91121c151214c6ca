package dev.lakeload.s3;

import dev.lakeload.core.ConfigException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** Builds the S3 client an {@link S3Source} owns, from its configuration. */
final class S3Clients {
    /** The region S3-compatible stores commonly expect when none is configured. */
    private static final Region COMPATIBLE_DEFAULT_REGION = Region.US_EAST_1;

    private S3Clients() {
    }

    /**
     * A client and the credentials provider made for it; closing closes both (the SDK leaves a provider it was
     * given open).
     */
    record Owned(S3Client client, AwsCredentialsProvider credentials) implements AutoCloseable {
        @Override
        public void close() {
            try {
                client.close();
            } finally {
                if (credentials instanceof SdkAutoCloseable closeable) {
                    closeable.close();
                }
            }
        }
    }

    /** @throws ConfigException when the profile, the region or another setting cannot work */
    static Owned create(S3SourceConfig config) {
        AwsCredentialsProvider credentials = credentials(config);
        try {
            S3ClientBuilder builder = S3Client.builder()
                    .httpClientBuilder(Apache5HttpClient.builder())
                    .credentialsProvider(credentials)
                    .region(region(config))
                    .forcePathStyle(config.pathStyle())
                    .requestChecksumCalculation(config.checksums() == ChecksumMode.WHEN_REQUIRED
                            ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED)
                    .responseChecksumValidation(config.checksums() == ChecksumMode.WHEN_REQUIRED
                            ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED)
                    // S3Source retries under its own RetryPolicy, which also resumes broken downloads; SDK retries
                    // underneath would multiply the attempts and the time to give up.
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
            if (config.endpoint() != null) {
                builder.endpointOverride(config.endpoint());
            }
            return new Owned(builder.build(), credentials);
        } catch (RuntimeException e) {
            if (credentials instanceof SdkAutoCloseable closeable) {
                closeable.close();
            }
            if (e instanceof ConfigException) {
                throw e;
            }
            throw new ConfigException("cannot set up the S3 client for " + config.location() + ": "
                    + e.getMessage(), e);
        }
    }

    private static AwsCredentialsProvider credentials(S3SourceConfig config) {
        if (config.profile() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        checkProfileExists(config.profile());
        return ProfileCredentialsProvider.create(config.profile());
    }

    // A misspelt profile would otherwise only show at the first request, as a credentials error.
    private static void checkProfileExists(String profile) {
        boolean found;
        try {
            found = ProfileFile.defaultProfileFile().profile(profile).isPresent();
        } catch (RuntimeException e) {
            throw new ConfigException("source.s3.profile: cannot read the AWS config files: " + e.getMessage(), e);
        }
        if (!found) {
            throw new ConfigException("source.s3.profile: there is no profile '" + profile + "' in the AWS config "
                    + "files (~/.aws/config and ~/.aws/credentials, or AWS_CONFIG_FILE and "
                    + "AWS_SHARED_CREDENTIALS_FILE)");
        }
    }

    private static Region region(S3SourceConfig config) {
        if (config.region() != null) {
            return Region.of(config.region());
        }
        try {
            DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
            if (config.profile() != null) {
                chain.profileName(config.profile());
            }
            return chain.build().getRegion();
        } catch (SdkException e) {
            if (config.endpoint() != null) {
                return COMPATIBLE_DEFAULT_REGION;
            }
            throw new ConfigException("no AWS region found for bucket '" + config.bucket() + "': set "
                    + "source.s3.region (or AWS_REGION, or a region in the AWS profile)", e);
        }
    }
}
