package dev.lakeload.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import dev.lakeload.core.RetriableException;
import dev.lakeload.core.UnreachableException;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.testkit.s3.EmbeddedS3;
import dev.lakeload.testkit.s3.EmbeddedS3Extension;
import dev.lakeload.testkit.s3.Fault;
import dev.lakeload.testkit.s3.FaultInjectingProxy;
import dev.lakeload.testkit.s3.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** Transient and permanent failures injected between the source and a real S3 server. */
class S3SourceFaultIT {
    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    private static final int SIZE = 3 * 1024 * 1024 + 17;
    private static final byte[] CONTENT = TestS3.randomBytes(SIZE, 42);

    private static FaultInjectingProxy proxy;
    private static S3Client client;

    @BeforeAll
    static void start() {
        proxy = FaultInjectingProxy.start(S3.server().endpoint());
        client = EmbeddedS3.client(proxy.endpoint());
        S3.server().createBucket("lake");
        S3.server().put("lake", "orders/LOAD00000001.csv", CONTENT);
    }

    @AfterAll
    static void stop() {
        client.close();
        proxy.close();
    }

    @AfterEach
    void reset() {
        proxy.clearFaults();
        proxy.clearRequests();
    }

    private static S3Source source(RetryPolicy retry) {
        return S3Source.withClient(client, "lake", "", retry);
    }

    private static SourceFile listed(S3Source source) {
        List<SourceFile> files = source.list("orders/");
        proxy.clearRequests();
        return files.get(0);
    }

    private static List<RecordedRequest> gets() {
        return proxy.requests().stream().filter(r -> r.method().equals("GET") && r.path().endsWith(".csv")).toList();
    }

    @Test
    void aConnectionDroppedMidBodyResumesWithARangedGetAndTheBytesAreExact() throws IOException {
        try (S3Source source = source(TestS3.FAST)) {
            SourceFile file = listed(source);
            proxy.inject(Fault.dropAfterBodyBytes(1_000_000), 1);

            try (InputStream in = source.open(file)) {
                assertThat(TestS3.sha256(in)).isEqualTo(TestS3.sha256(CONTENT));
            }

            List<RecordedRequest> gets = gets();
            assertThat(gets).hasSize(2);
            assertThat(gets.get(0).header("Range")).isEmpty();
            assertThat(gets.get(1).header("Range")).contains("bytes=1000000-");
            assertThat(gets).allSatisfy(get ->
                    assertThat(get.header("If-Match")).contains('"' + file.versionTag() + '"'));
        }
    }

    @Test
    void aResetConnectionResumesToo() throws IOException {
        try (S3Source source = source(TestS3.FAST)) {
            SourceFile file = listed(source);
            proxy.inject(Fault.resetAfterBodyBytes(500_000), 1);

            try (InputStream in = source.open(file)) {
                assertThat(TestS3.sha256(in)).isEqualTo(TestS3.sha256(CONTENT));
            }
            assertThat(gets()).hasSize(2);
        }
    }

    @Test
    void progressBetweenBreaksKeepsADownloadGoingPastTheAttemptLimit() throws IOException {
        try (S3Source source = source(TestS3.FAST)) {
            SourceFile file = listed(source);
            // more breaks than FAST's 4 attempts, each after some progress
            proxy.inject(Fault.dropAfterBodyBytes(300_000), 6);

            try (InputStream in = source.open(file)) {
                assertThat(TestS3.sha256(in)).isEqualTo(TestS3.sha256(CONTENT));
            }
            assertThat(gets()).extracting(get -> get.header("Range").orElse("none")).containsExactly("none",
                    "bytes=300000-", "bytes=600000-", "bytes=900000-", "bytes=1200000-", "bytes=1500000-",
                    "bytes=1800000-");
        }
    }

    @Test
    void a503AFewTimesIsRetriedAndSucceeds() throws IOException {
        try (S3Source source = source(TestS3.FAST)) {
            SourceFile file = listed(source);
            proxy.inject(Fault.slowDown(), 2);
            proxy.inject(Fault.error(500, "InternalError", "We encountered an internal error."), 1);

            try (InputStream in = source.open(file)) {
                assertThat(in.readAllBytes()).isEqualTo(CONTENT);
            }
            assertThat(gets()).hasSize(4);
        }
    }

    @Test
    void a503ForeverGivesUpWithARetriableExceptionInBoundedTime() {
        try (S3Source source = source(TestS3.FAST)) {
            SourceFile file = listed(source);
            proxy.inject(Fault.slowDown(), FaultInjectingProxy.FOREVER);

            long start = System.nanoTime();
            assertThatThrownBy(() -> source.open(file))
                    .isInstanceOf(RetriableException.class)
                    .isNotInstanceOf(UnreachableException.class)
                    .hasMessageContaining("s3://lake/orders/LOAD00000001.csv")
                    .hasMessageContaining("4 time(s)")
                    .hasMessageContaining("503 SlowDown");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(gets()).hasSize(TestS3.FAST.attempts());
        }
    }

    @Test
    void a503ForeverAfterABreakFailsTheReadWithARetriableException() throws IOException {
        try (S3Source source = source(TestS3.FAST)) {
            SourceFile file = listed(source);
            proxy.inject(Fault.dropAfterBodyBytes(100_000), 1);
            proxy.inject(Fault.slowDown(), FaultInjectingProxy.FOREVER);

            try (InputStream in = source.open(file)) {
                assertThat(in.readNBytes(100_000)).isEqualTo(java.util.Arrays.copyOf(CONTENT, 100_000));
                assertThatThrownBy(in::read)
                        .isInstanceOf(RetriableException.class)
                        .hasMessageContaining("s3://lake/orders/LOAD00000001.csv");
                // and again, rather than hang
                assertThatThrownBy(in::read).isInstanceOf(RetriableException.class);
            }
        }
    }

    @Test
    void anObjectRewrittenDuringADownloadFailsRatherThanSpliceTwoVersions() throws IOException {
        S3.server().put("lake", "changing/LOAD00000001.csv", CONTENT);
        // a slow first retry (400 to 800 ms) leaves time to rewrite the object before the download resumes
        RetryPolicy slow = new RetryPolicy(2, Duration.ofMillis(800), Duration.ofMillis(800));
        try (S3Source source = source(slow)) {
            SourceFile file = source.list("changing/").get(0);
            proxy.inject(Fault.dropAfterBodyBytes(100_000), 1);

            try (InputStream in = source.open(file)) {
                S3.server().put("lake", "changing/LOAD00000001.csv", TestS3.randomBytes(SIZE, 43));

                assertThatThrownBy(in::readAllBytes)
                        .isInstanceOf(DataException.class)
                        .hasMessageContaining("changing/LOAD00000001.csv")
                        .hasMessageContaining("changed since listed");
            }
        } finally {
            S3.server().delete("lake", "changing/LOAD00000001.csv");
        }
    }

    @Test
    void listingRetriesTransientFailures() {
        try (S3Source source = source(TestS3.FAST)) {
            proxy.inject(Fault.slowDown(), 2);

            assertThat(source.list("orders/")).extracting(SourceFile::key).containsExactly("orders/LOAD00000001.csv");
            assertThat(proxy.requests()).hasSize(3);
        }
    }

    @Test
    void listingGivesUpOnA503ForeverWithARetriableException() {
        try (S3Source source = source(TestS3.FAST)) {
            proxy.inject(Fault.error(503, "ServiceUnavailable", "Service is unable to handle request."),
                    FaultInjectingProxy.FOREVER);

            assertThatThrownBy(() -> source.list("orders/"))
                    .isInstanceOf(RetriableException.class)
                    .hasMessageContaining("listing s3://lake/orders/")
                    .hasMessageContaining("503 ServiceUnavailable");
        }
    }

    @Test
    void aPermanentErrorIsNotRetried() {
        try (S3Source source = source(TestS3.FAST)) {
            SourceFile file = listed(source);
            proxy.inject(Fault.error(403, "AccessDenied", "Access Denied"), FaultInjectingProxy.FOREVER);

            assertThatThrownBy(() -> source.open(file))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("access denied reading s3://lake/orders/LOAD00000001.csv")
                    .hasMessageContaining("s3:GetObject");
            assertThat(gets()).hasSize(1);
        }
    }
}
