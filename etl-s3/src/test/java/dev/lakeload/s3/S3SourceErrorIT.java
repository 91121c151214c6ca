package dev.lakeload.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.ConfigException;
import dev.lakeload.testkit.s3.EmbeddedS3;
import dev.lakeload.testkit.s3.EmbeddedS3Extension;
import dev.lakeload.testkit.s3.Fault;
import dev.lakeload.testkit.s3.FaultInjectingProxy;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** Permanent failures fail at once, with a message that says what to fix and never a secret. */
class S3SourceErrorIT {
    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    private static FaultInjectingProxy proxy;

    @BeforeAll
    static void start() {
        S3.server().createBucket("lake");
        S3.server().put("lake", "dms/orders/LOAD00000001.csv", "1\n");
        proxy = FaultInjectingProxy.start(S3.server().endpoint());
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @AfterEach
    void reset() {
        proxy.clearFaults();
        proxy.clearRequests();
    }

    @Test
    void aMissingBucketNamesTheManifestKey() {
        try (S3Client client = EmbeddedS3.client(S3.server().endpoint());
             S3Source source = S3Source.withClient(client, "no-such-lake", "dms", TestS3.FAST)) {
            assertThatThrownBy(() -> source.list("orders/"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("bucket 'no-such-lake' does not exist at the S3 endpoint "
                            + S3.server().endpoint())
                    .hasMessageEndingWith("(source.s3.bucket)");
        }
    }

    @Test
    void anUnknownAccessKeySaysToFixTheCredentials() {
        var wrongKey = StaticCredentialsProvider.create(AwsBasicCredentials.create("NOSUCHKEY", "whatever-secret"));
        try (S3Client client = EmbeddedS3.client(S3.server().endpoint(), wrongKey);
             S3Source source = S3Source.withClient(client, "lake", "dms", TestS3.FAST)) {
            assertThatThrownBy(() -> source.list("orders/"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("listing s3://lake/dms/orders/: the access key id from the S3 client's "
                            + "credentials provider")
                    .hasMessageContaining("is not known to the S3 endpoint")
                    .hasMessageContaining("fix the credentials")
                    .hasMessageNotContaining("whatever-secret");
        }
    }

    @Test
    void aWrongSecretKeySaysToFixTheCredentials() {
        var wrongSecret = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, "not-the-secret-key"));
        try (S3Client client = EmbeddedS3.client(S3.server().endpoint(), wrongSecret);
             S3Source source = S3Source.withClient(client, "lake", "dms", TestS3.FAST)) {
            assertThatThrownBy(() -> source.list("orders/"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("the secret key from the S3 client's credentials provider")
                    .hasMessageContaining("does not match its access key id")
                    .hasMessageNotContaining("not-the-secret-key");
        }
    }

    @Test
    void anonymousAccessIsDeniedWithThePermissionNeeded() {
        try (S3Client client = EmbeddedS3.client(S3.server().endpoint(), AnonymousCredentialsProvider.create());
             S3Source source = S3Source.withClient(client, "lake", "dms", TestS3.FAST)) {
            assertThatThrownBy(() -> source.list("orders/"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("access denied listing s3://lake/dms/orders/: the credentials from "
                            + "the S3 client's credentials provider")
                    .hasMessageContaining("lack s3:ListBucket on bucket 'lake'");
        }
    }

    // S3Proxy accepts requests signed for any region, so the proxy answers the way Amazon S3 does when a
    // client signs for the wrong one: 301 PermanentRedirect with the bucket's region in a header ...
    @Test
    void aBucketInAnotherRegionSaysWhichRegionToSet() {
        proxy.inject(new Fault.Respond(301, "PermanentRedirect", "The bucket you are attempting to access must be "
                + "addressed using the specified endpoint.", Map.of("x-amz-bucket-region", "eu-west-1")), 1);
        try (S3Client client = EmbeddedS3.client(proxy.endpoint());
             S3Source source = S3Source.withClient(client, "lake", "dms", TestS3.FAST)) {
            assertThatThrownBy(() -> source.list("orders/"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("bucket 'lake' is in region 'eu-west-1', not region 'us-east-1': set "
                            + "source.s3.region: eu-west-1");
            assertThat(proxy.requests()).hasSize(1);
        }
    }

    // ... or 400 AuthorizationHeaderMalformed naming the expected region in its message.
    @Test
    void aRegionMismatchInTheSignatureSaysWhichRegionToSet() {
        proxy.inject(Fault.error(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; the "
                + "region 'us-east-1' is wrong; expecting 'ap-southeast-2'"), 1);
        try (S3Client client = EmbeddedS3.client(proxy.endpoint());
             S3Source source = S3Source.withClient(client, "lake", "dms", TestS3.FAST)) {
            assertThatThrownBy(() -> source.list("orders/"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("bucket 'lake' is in region 'ap-southeast-2', not region 'us-east-1': set "
                            + "source.s3.region: ap-southeast-2");
        }
    }

    @Test
    void aStoreThatDoesNotImplementARequestPointsAtTheCompatibilitySettings() {
        proxy.inject(Fault.error(501, "NotImplemented", "A header you provided implies functionality that is not "
                + "implemented"), 1);
        try (S3Client client = EmbeddedS3.client(proxy.endpoint());
             S3Source source = S3Source.withClient(client, "lake", "dms", TestS3.FAST)) {
            assertThatThrownBy(() -> source.list("orders/"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("does not implement a request lakeload sent")
                    .hasMessageContaining("source.s3.checksums: when_required");
        }
    }

    @Test
    void anExpiredSessionTokenSaysToRefreshTheCredentials() {
        proxy.inject(Fault.error(400, "ExpiredToken", "The provided token has expired."), 1);
        try (S3Client client = EmbeddedS3.client(proxy.endpoint());
             S3Source source = S3Source.withClient(client, "lake", "dms", TestS3.FAST)) {
            assertThatThrownBy(() -> source.list("orders/"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("has expired or is invalid; refresh the credentials");
        }
    }

    @Test
    void anUnreachableStoreIsRetriedThenReported() {
        FaultInjectingProxy closed = FaultInjectingProxy.start(S3.server().endpoint());
        java.net.URI nowhere = closed.endpoint();
        closed.close();
        try (S3Client client = EmbeddedS3.client(nowhere);
             S3Source source = S3Source.withClient(client, "lake", "dms", TestS3.FAST)) {
            assertThatThrownBy(() -> source.list("orders/"))
                    .isInstanceOf(dev.lakeload.core.UnreachableException.class)
                    .hasMessageContaining("listing s3://lake/dms/orders/ failed 4 time(s)")
                    .hasMessageContaining("Connect");
        }
    }
}
