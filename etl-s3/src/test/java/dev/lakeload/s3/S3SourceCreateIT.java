package dev.lakeload.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.lakeload.core.ConfigException;
import dev.lakeload.core.RetriableException;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.testkit.s3.EmbeddedS3;
import dev.lakeload.testkit.s3.EmbeddedS3Extension;
import dev.lakeload.testkit.s3.Fault;
import dev.lakeload.testkit.s3.FaultInjectingProxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources built from configuration, as the CLI builds them: credentials from a named profile or the default
 * chain (here its aws.* system properties, since environment variables cannot be set from a test).
 */
class S3SourceCreateIT {
    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    private static final List<String> PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey",
            "aws.sharedCredentialsFile", "aws.configFile", "aws.region", "aws.profile", "aws.disableEc2Metadata",
            "aws.webIdentityTokenFile", "aws.roleArn", "aws.roleSessionName", "aws.endpointUrlSts");

    @TempDir
    Path awsFolder;

    private final Map<String, String> saved = new HashMap<>();

    @BeforeAll
    static void seed() {
        S3.server().createBucket("lake");
        S3.server().put("lake", "dms/shop/orders/LOAD00000001.csv", "1,apple\n");
    }

    @BeforeEach
    void isolateFromTheMachinesAwsSettings() throws IOException {
        PROPERTIES.forEach(name -> saved.put(name, System.getProperty(name)));
        PROPERTIES.forEach(System::clearProperty);
        Files.writeString(awsFolder.resolve("credentials"), """
                [lake-reader]
                aws_access_key_id = %s
                aws_secret_access_key = %s

                [lake-wrong]
                aws_access_key_id = %s
                aws_secret_access_key = wrong-profile-secret
                """.formatted(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY, EmbeddedS3.ACCESS_KEY));
        Files.writeString(awsFolder.resolve("config"), "");
        System.setProperty("aws.sharedCredentialsFile", awsFolder.resolve("credentials").toString());
        System.setProperty("aws.configFile", awsFolder.resolve("config").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @AfterEach
    void restore() {
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    private static S3SourceConfig.Builder compatible(URI endpoint) {
        return S3SourceConfig.builder("lake")
                .prefix("dms")
                .region("us-east-1")
                .endpoint(endpoint)
                .pathStyle(true)
                .checksums(ChecksumMode.WHEN_REQUIRED)
                .retry(TestS3.FAST);
    }

    @Test
    void readsWithCredentialsFromANamedProfile() throws IOException {
        try (S3Source source = S3Source.create(compatible(S3.server().endpoint()).profile("lake-reader").build())) {
            List<SourceFile> files = source.list("shop/orders/");
            assertThat(files).extracting(SourceFile::key).containsExactly("shop/orders/LOAD00000001.csv");
            try (InputStream in = source.open(files.get(0))) {
                assertThat(in.readAllBytes()).asString().isEqualTo("1,apple\n");
            }
        }
    }

    @Test
    void rejectedProfileCredentialsNameTheProfileButNotTheSecret() {
        try (S3Source source = S3Source.create(compatible(S3.server().endpoint()).profile("lake-wrong").build())) {
            assertThatThrownBy(() -> source.list("shop/orders/"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("the secret key from profile 'lake-wrong' does not match")
                    .hasMessageNotContaining("wrong-profile-secret");
        }
    }

    @Test
    void aMissingProfileFailsWhenTheSourceIsCreated() {
        assertThatThrownBy(() -> S3Source.create(compatible(S3.server().endpoint()).profile("lake-typo").build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("source.s3.profile: there is no profile 'lake-typo'");
    }

    @Test
    void readsWithCredentialsFromTheDefaultChain() {
        System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);

        try (S3Source source = S3Source.create(compatible(S3.server().endpoint()).build())) {
            assertThat(source.list("shop/")).hasSize(1);
        }
    }

    /**
     * What a pod on EKS with IRSA has: a role and a web identity token file, which the default chain exchanges for
     * credentials at STS (here a stand-in answering AssumeRoleWithWebIdentity with the S3 server's keys).
     */
    @Test
    void readsWithCredentialsFromAWebIdentityTokenAsOnEks() throws IOException {
        List<String> requests = new ArrayList<>();
        HttpServer sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sts.createContext("/", exchange -> {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = """
                    <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                      <AssumeRoleWithWebIdentityResult>
                        <Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey>
                          <SessionToken>session-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>
                        </Credentials>
                        <AssumedRoleUser><AssumedRoleId>AROA:lakeload</AssumedRoleId>
                          <Arn>arn:aws:sts::111122223333:assumed-role/lakeload-read-lake/lakeload</Arn></AssumedRoleUser>
                      </AssumeRoleWithWebIdentityResult>
                      <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
                    </AssumeRoleWithWebIdentityResponse>
                    """.formatted(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        sts.start();
        try {
            System.setProperty("aws.webIdentityTokenFile",
                    Files.writeString(awsFolder.resolve("token"), "eks-issued-token").toString());
            System.setProperty("aws.roleArn", "arn:aws:iam::111122223333:role/lakeload-read-lake");
            System.setProperty("aws.roleSessionName", "lakeload");
            System.setProperty("aws.region", "us-east-1");
            System.setProperty("aws.endpointUrlSts", "http://127.0.0.1:" + sts.getAddress().getPort());

            try (S3Source source = S3Source.create(compatible(S3.server().endpoint()).build())) {
                assertThat(source.list("shop/")).hasSize(1);
            }
            assertThat(requests).hasSize(1);
            assertThat(requests.get(0)).contains("Action=AssumeRoleWithWebIdentity", "WebIdentityToken=eks-issued-token");
        } finally {
            sts.stop(0);
        }
    }

    @Test
    void rejectedDefaultChainCredentialsSayWhereTheyCameFrom() {
        System.setProperty("aws.accessKeyId", "UNKNOWNKEY");
        System.setProperty("aws.secretAccessKey", "unknown-secret");

        try (S3Source source = S3Source.create(compatible(S3.server().endpoint()).build())) {
            assertThatThrownBy(() -> source.list("shop/"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("the access key id from the default AWS credential chain (the "
                            + "aws.accessKeyId system property) is not known")
                    .hasMessageNotContaining("unknown-secret");
        }
    }

    @Test
    void noCredentialsAnywhereIsAConfigurationError() {
        try (S3Source source = S3Source.create(compatible(S3.server().endpoint()).build())) {
            assertThatThrownBy(() -> source.list("shop/"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("listing s3://lake/dms/shop/ failed before reaching the S3 endpoint")
                    .hasMessageContaining("Unable to load credentials");
        }
    }

    @Test
    void anEndpointWithoutRegionFallsBackToUsEast1() {
        System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);

        try (S3Source source = S3Source.create(compatible(S3.server().endpoint()).region(null).build())) {
            assertThat(source.list("shop/")).hasSize(1);
        }
    }

    @Test
    void amazonS3WithoutAnyRegionIsAConfigurationError() {
        assertThatThrownBy(() -> S3Source.create(S3SourceConfig.builder("lake").build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no AWS region found for bucket 'lake': set source.s3.region");
    }

    @Test
    void theSdkDoesNotRetryUnderneathTheSourcesOwnRetries() {
        System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(S3.server().endpoint());
             S3Source source = S3Source.create(compatible(proxy.endpoint()).build())) {
            proxy.inject(Fault.slowDown(), FaultInjectingProxy.FOREVER);

            assertThatThrownBy(() -> source.list("shop/")).isInstanceOf(RetriableException.class);
            assertThat(proxy.requests()).hasSize(TestS3.FAST.attempts());
        }
    }

    @Test
    void aClosedSourceRefusesWork() {
        S3Source source = S3Source.create(compatible(S3.server().endpoint()).profile("lake-reader").build());
        source.close();
        source.close();

        assertThatThrownBy(() -> source.list("shop/"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("s3://lake/dms/ is closed");
    }
}
