package dev.lakeload.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.ConfigException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3SourceConfigTest {
    @Test
    void onlyTheBucketIsRequired() {
        S3SourceConfig config = S3SourceConfig.builder("lake").build();

        assertThat(config.bucket()).isEqualTo("lake");
        assertThat(config.prefix()).isEmpty();
        assertThat(config.region()).isNull();
        assertThat(config.endpoint()).isNull();
        assertThat(config.pathStyle()).isFalse();
        assertThat(config.profile()).isNull();
        assertThat(config.checksums()).isEqualTo(ChecksumMode.WHEN_SUPPORTED);
        assertThat(config.retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(config.location()).isEqualTo("s3://lake/");
    }

    @Test
    void nullsInTheCanonicalConstructorMeanDefaults() {
        S3SourceConfig config = new S3SourceConfig("lake", null, null, null, false, null, null, null);

        assertThat(config.prefix()).isEmpty();
        assertThat(config.checksums()).isEqualTo(ChecksumMode.WHEN_SUPPORTED);
        assertThat(config.retry()).isEqualTo(RetryPolicy.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource({"dms, dms/", "dms/, dms/", "/dms, dms/", "//dms/shop, dms/shop/", "a/b/c, a/b/c/", "/, ''"})
    void thePrefixIsNormalizedToAFolder(String prefix, String expected) {
        S3SourceConfig config = S3SourceConfig.builder("lake").prefix(prefix).build();

        assertThat(config.prefix()).isEqualTo(expected);
        assertThat(config.location()).isEqualTo("s3://lake/" + expected);
    }

    @Test
    void aPrefixWithAnEmptySegmentOrAnS3UriIsRefused() {
        assertThatThrownBy(() -> S3SourceConfig.builder("lake").prefix("dms//shop").build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("source.s3.prefix");
        assertThatThrownBy(() -> S3SourceConfig.builder("lake").prefix("s3://lake/dms").build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("source.s3.prefix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void aBlankBucketIsRequired(String bucket) {
        assertThatThrownBy(() -> S3SourceConfig.builder(bucket).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("source.s3.bucket is required");
        assertThatThrownBy(() -> S3SourceConfig.builder(null).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("source.s3.bucket is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://lake", "s3://lake/dms", "lake/dms"})
    void aBucketWithAPathPointsToThePrefix(String bucket) {
        assertThatThrownBy(() -> S3SourceConfig.builder(bucket).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("source.s3.bucket must be a bare bucket name")
                .hasMessageContaining("source.s3.prefix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"my lake", "-lake", "lake?", "läke"})
    void anInvalidBucketNameIsRefused(String bucket) {
        assertThatThrownBy(() -> S3SourceConfig.builder(bucket).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("source.s3.bucket '" + bucket + "' is not a valid bucket name");
    }

    @Test
    void legacyBucketNamesOfCompatibleStoresAreAccepted() {
        assertThat(S3SourceConfig.builder("Legacy_Bucket.v1").build().bucket()).isEqualTo("Legacy_Bucket.v1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EU-WEST-1", "eu west 1", "", "eu-west-1/"})
    void anInvalidRegionIsRefused(String region) {
        assertThatThrownBy(() -> S3SourceConfig.builder("lake").region(region).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("source.s3.region must be a region name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-west-1", "us-gov-west-1", "cn-north-1", "default", "garage"})
    void regionsOfAwsAndCompatibleStoresAreAccepted(String region) {
        assertThat(S3SourceConfig.builder("lake").region(region).build().region()).isEqualTo(region);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://minio:9000", "minio:9000", "/relative", "http://minio:9000/?a=b"})
    void anEndpointMustBeAnHttpUrl(String endpoint) {
        assertThatThrownBy(() -> S3SourceConfig.builder("lake").endpoint(URI.create(endpoint)).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("source.s3.endpoint must be an http(s) URL");
    }

    @Test
    void anEndpointCanBeGivenAsManifestText() {
        assertThat(S3SourceConfig.builder("lake").endpoint(" http://127.0.0.1:9000 ").build().endpoint())
                .isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(S3SourceConfig.builder("lake").endpoint("").build().endpoint()).isNull();
        assertThat(S3SourceConfig.builder("lake").endpoint((String) null).build().endpoint()).isNull();
        assertThatThrownBy(() -> S3SourceConfig.builder("lake").endpoint("http://bad host:9000"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("source.s3.endpoint must be an http(s) URL");
        assertThatThrownBy(() -> S3SourceConfig.builder("lake").endpoint("minio.example.com:9000").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("source.s3.endpoint must be an http(s) URL");
    }

    @Test
    void anEndpointWithCredentialsIsRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> S3SourceConfig.builder("lake")
                .endpoint(URI.create("https://minio:hunter2@minio.example.com")).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("source.s3.endpoint must not contain credentials")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void everyPartCanBeSet() {
        RetryPolicy retry = new RetryPolicy(3, java.time.Duration.ZERO, java.time.Duration.ZERO);
        S3SourceConfig config = S3SourceConfig.builder("lake")
                .prefix("dms")
                .region("eu-central-1")
                .endpoint(URI.create("https://minio.example.com:9000"))
                .pathStyle(true)
                .profile("lake-reader")
                .checksums(ChecksumMode.WHEN_REQUIRED)
                .retry(retry)
                .build();

        assertThat(config).isEqualTo(new S3SourceConfig("lake", "dms/", "eu-central-1",
                URI.create("https://minio.example.com:9000"), true, "lake-reader", ChecksumMode.WHEN_REQUIRED,
                retry));
    }

    @Test
    void aProfileNameCannotContainSpaces() {
        assertThatThrownBy(() -> S3SourceConfig.builder("lake").profile("lake reader").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("source.s3.profile");
    }

    @ParameterizedTest
    @CsvSource({"when_required, WHEN_REQUIRED", "WHEN-REQUIRED, WHEN_REQUIRED", "' when_supported ', WHEN_SUPPORTED"})
    void checksumModesReadTheManifestSpelling(String value, ChecksumMode expected) {
        assertThat(ChecksumMode.parse(value)).isEqualTo(expected);
        assertThat(ChecksumMode.parse(expected.manifestName())).isEqualTo(expected);
    }

    @Test
    void anUnknownChecksumModeNamesTheKeyAndTheChoices() {
        assertThatThrownBy(() -> ChecksumMode.parse("always"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("source.s3.checksums must be when_supported or when_required, not 'always'");
        assertThatThrownBy(() -> ChecksumMode.parse(null)).isInstanceOf(ConfigException.class);
    }
}
