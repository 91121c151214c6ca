package dev.lakeload.testkit.s3;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server running in this JVM: S3Proxy serving the real S3 HTTP API (signature V2/V4) over jclouds'
 * in-memory {@code transient} blob store: nothing touches the disk, and everything is gone after {@link #close()}.
 * {@link #startOnFolder} serves a folder instead, as stores that list folders do.
 *
 * <p>Clients must use path-style addressing and compute checksums only when required (S3Proxy does not
 * understand the AWS SDK's default trailing checksums); {@link #client(URI)} builds such an AWS SDK v2 client (the
 * SDK is an optional dependency of the testkit: a module calling it has the SDK already). Any region is accepted.
 *
 * <p>Objects are seeded through the blob store directly ({@link #put}), without HTTP or an S3 client, so seeding
 * thousands of keys takes milliseconds. Start it once per test class, most simply with
 * {@link EmbeddedS3Extension}. Thread-safe. The creator closes it.
 */
public final class EmbeddedS3 implements AutoCloseable {
    /** The access key id the server accepts. Not a secret: it only opens this test server. */
    public static final String ACCESS_KEY = "LAKELOADTESTACCESSKEY";
    /** The secret key the server accepts. Not a secret: it only opens this test server. */
    public static final String SECRET_KEY = "lakeload-test-secret-key";
    /** The region clients should name; S3Proxy accepts any. */
    public static final String REGION = "us-east-1";

    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final URI endpoint;

    private EmbeddedS3(BlobStoreContext context, S3Proxy proxy) {
        this.context = context;
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /**
     * Starts a server on a free port of the loopback interface.
     *
     * @throws IllegalStateException when S3Proxy cannot start
     */
    public static EmbeddedS3 start() {
        return start(ContextBuilder.newBuilder("transient")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .build(BlobStoreContext.class));
    }

    /**
     * Starts a server whose buckets are the folders of {@code folder}, on jclouds' {@code filesystem} blob store.
     * Like several S3-compatible stores, it lists every folder under a listed prefix as a key ending in '/', without
     * an ETag; objects written through {@link #put} have ETags (kept in extended attributes, which the file system
     * must support). Closing leaves the folder as it is.
     *
     * @throws IllegalStateException when S3Proxy cannot start
     */
    public static EmbeddedS3 startOnFolder(Path folder) {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", folder.toAbsolutePath().toString());
        return start(ContextBuilder.newBuilder("filesystem")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .overrides(properties)
                .build(BlobStoreContext.class));
    }

    private static EmbeddedS3 start(BlobStoreContext context) {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // DeleteObjects always carries x-amz-checksum-crc32, which S3Proxy rejects otherwise.
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            context.close();
            throw new IllegalStateException("cannot start S3Proxy: " + e.getMessage(), e);
        }
        return new EmbeddedS3(context, proxy);
    }

    /**
     * An AWS SDK v2 client as an embedder would build one for this kind of server, or for a proxy in front of it: at
     * {@code endpoint}, with the server's credentials, path-style, checksums only when required, and no retries of
     * the SDK's own (lakeload retries itself). The caller closes it.
     */
    public static S3Client client(URI endpoint) {
        return client(endpoint, StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    /** {@link #client(URI)} with other credentials. */
    public static S3Client client(URI endpoint, AwsCredentialsProvider credentials) {
        return S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** The server's base URL, for example {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return proxy.getPort();
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    /** The blob store behind the server, for seeding or inspecting what the S3 API does not make easy. */
    public BlobStore blobStore() {
        return context.getBlobStore();
    }

    /** Creates a bucket; an existing bucket is left as it is. */
    public void createBucket(String bucket) {
        blobStore().createContainerInLocation(null, bucket);
    }

    /**
     * Writes an object (replacing any object with that key) and returns its ETag without quotes, as S3 lists it:
     * the hex MD5 of the content.
     */
    public String put(String bucket, String key, byte[] content) {
        Blob blob = blobStore().blobBuilder(key)
                .payload(content)
                .contentLength(content.length)
                .build();
        return unquote(blobStore().putBlob(bucket, blob));
    }

    /** Writes an object with UTF-8 text content; see {@link #put(String, String, byte[])}. */
    public String put(String bucket, String key, String content) {
        return put(bucket, key, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes an object; a missing object is fine. */
    public void delete(String bucket, String key) {
        blobStore().removeBlob(bucket, key);
    }

    private static String unquote(String etag) {
        return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }

    /** Stops the server and drops every bucket. */
    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy: " + e.getMessage(), e);
        } finally {
            context.close();
        }
    }
}
