package dev.lakeload.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import java.io.IOException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which failures are retried: the error answers S3 documents, built as the SDK builds them. */
class S3FailuresTest {
    private final S3Failures failures = new S3Failures("lake", "Amazon S3", "us-east-1",
            () -> "profile 'reader'");

    @ParameterizedTest
    @CsvSource({
            "503, SlowDown, true",
            "500, InternalError, true",
            "502, '', true",
            "504, '', true",
            "429, '', true",
            "400, RequestTimeout, true",
            "400, Throttling, true",
            "503, ServiceUnavailable, true",
            "501, NotImplemented, false",
            "403, AccessDenied, false",
            "404, NoSuchBucket, false",
            "412, PreconditionFailed, false",
            "400, AuthorizationHeaderMalformed, false",
            "301, PermanentRedirect, false"})
    void serviceErrorsAreTransientOnlyWhenTheyMayPass(int status, String code, boolean transientFailure) {
        assertThat(S3Failures.isTransient(s3Error(status, code))).isEqualTo(transientFailure);
    }

    @Test
    void networkTroubleAndTimeoutsAreTransient() {
        assertThat(S3Failures.isTransient(new SocketException("Connection reset"))).isTrue();
        assertThat(S3Failures.isTransient(SdkClientException.create("Unable to execute HTTP request",
                new IOException("Connection refused")))).isTrue();
        assertThat(S3Failures.isTransient(ApiCallAttemptTimeoutException.create(1000))).isTrue();
    }

    @Test
    void clientSideFailuresWithoutAnswerArePermanent() {
        SdkClientException noCredentials = SdkClientException.create("Unable to load credentials from any of the "
                + "providers in the chain");

        assertThat(S3Failures.isTransient(noCredentials)).isFalse();
        assertThat(failures.permanent(noCredentials, S3Failures.Operation.LIST, "s3://lake/dms/", null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("listing s3://lake/dms/ failed before reaching Amazon S3: Unable to load");
    }

    @Test
    void aNotFoundWithoutErrorCodeMeansTheObjectOrTheBucketByOperation() {
        // HEAD answers and some stores carry no error document
        assertThat(failures.permanent(s3Error(404, null), S3Failures.Operation.GET, "s3://lake/a.csv", "a.csv"))
                .isInstanceOf(DataException.class).hasMessageContaining("vanished since listed");
        assertThat(failures.permanent(s3Error(404, null), S3Failures.Operation.LIST, "s3://lake/", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bucket 'lake' does not exist");
    }

    @Test
    void anArchivedObjectSaysToRestoreOrExcludeIt() {
        assertThat(failures.permanent(s3Error(403, "InvalidObjectState"), S3Failures.Operation.GET,
                "s3://lake/old/LOAD00000001.csv", "old/LOAD00000001.csv"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("archive storage class");
    }

    @Test
    void aRedirectWithoutRegionStillSaysToSetTheRegion() {
        assertThat(failures.permanent(s3Error(301, null), S3Failures.Operation.LIST, "s3://lake/", null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("bucket 'lake' is not in region 'us-east-1'")
                .hasMessageEndingWith("set source.s3.region to the bucket's region");
    }

    @Test
    void summariesNameStatusCodeAndMessage() {
        assertThat(S3Failures.summary(s3Error(503, "SlowDown"))).isEqualTo("503 SlowDown: injected");
        assertThat(S3Failures.summary(SdkClientException.create("Unable to execute HTTP request",
                new SocketException("Connection reset"))))
                .isEqualTo("SdkClientException (SocketException: Connection reset)");
    }

    private static S3Exception s3Error(int status, String code) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(code == null ? null : "injected")
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build())
                        .build())
                .build();
    }
}
