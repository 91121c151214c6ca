package dev.lakeload.s3;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.source.Source;
import dev.lakeload.core.source.SourceFile;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link Source} over an S3 bucket (Amazon S3 or an S3-compatible store) on the AWS SDK for Java v2. Keys are
 * relative to the configured root prefix, so a table's {@code from:} is relative to {@code source.s3.prefix}.
 *
 * <ul>
 *   <li>{@link #list} pages through ListObjectsV2, leaving out folder markers (keys ending in '/'). A file's
 *       location is {@code s3://bucket/} and its full key, its version tag its ETag (without quotes).</li>
 *   <li>{@link #open} streams the object: a background thread downloads up to 8 MiB ahead of the reader, never
 *       the whole object, and nothing goes to disk. Every GET carries {@code If-Match} with the listed ETag, so an
 *       object rewritten since it was listed fails with a {@link dev.lakeload.core.DataException} rather than mix
 *       versions. A download that breaks resumes with a ranged GET from the first byte not yet received.</li>
 *   <li>Transient failures (503 SlowDown, 5xx, throttling, connection resets and timeouts) are retried under the
 *       {@link RetryPolicy}, then reported as {@link dev.lakeload.core.RetriableException}. Permanent ones (no such
 *       bucket, access denied, bad credentials, wrong region) fail at once with a
 *       {@link dev.lakeload.core.ConfigException} that says what to fix.</li>
 * </ul>
 *
 * <p>Bytes come back as stored: decompression is the caller's ({@code Compression.decompress}).
 *
 * <p>Thread-safe. Whoever creates the source closes it; it closes the S3 client only when it created it
 * ({@link #create}), never one it was given ({@link #withClient}). Closing also stops downloads still open.
 */
public final class S3Source implements Source {
    /** The read-ahead of one open object: {@code CHUNKS} buffers of {@code CHUNK_SIZE} bytes, 8 MiB. */
    static final int CHUNK_SIZE = 256 * 1024;
    static final int CHUNKS = 32;

    private final S3Client client;
    private final S3Clients.Owned owned;
    private final String bucket;
    private final String root;
    private final RetryPolicy retry;
    private final S3Failures failures;
    private final Set<ReadAheadInputStream> downloads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private S3Source(S3Client client, S3Clients.Owned owned, S3SourceConfig config,
                     Supplier<String> credentialsOrigin) {
        this.client = client;
        this.owned = owned;
        this.bucket = config.bucket();
        this.root = config.prefix();
        this.retry = config.retry();
        S3ServiceClientConfiguration clientConfig = client.serviceClientConfiguration();
        Optional<URI> endpoint = clientConfig.endpointOverride();
        String store = endpoint.map(uri -> "the S3 endpoint " + uri).orElse("Amazon S3");
        String region = clientConfig.region() == null ? null : clientConfig.region().id();
        this.failures = new S3Failures(bucket, store, region, credentialsOrigin);
    }

    /**
     * A source with its own S3 client, built from the configuration: credentials from the named profile or the
     * default credential chain, SDK retries off (the source retries under {@code config.retry()}). Closing the
     * source closes the client.
     *
     * @throws ConfigException when the profile does not exist, no region can be found, or the client cannot be
     *     built
     */
    public static S3Source create(S3SourceConfig config) {
        Objects.requireNonNull(config, "config");
        S3Clients.Owned owned = S3Clients.create(config);
        String profile = config.profile();
        return new S3Source(owned.client(), owned, config,
                profile == null ? S3Source::defaultChainOrigin : () -> "profile '" + profile + "'");
    }

    /**
     * A source over a client the caller built and keeps: closing the source leaves the client open. The client's
     * region, endpoint, path style, checksum and credential settings apply. Its own retry strategy applies inside
     * each of the source's attempts; give it few retries (or {@code AwsRetryStrategy.doNotRetry()}) so that the two
     * do not multiply.
     *
     * @param bucket the bucket, as for {@link S3SourceConfig#bucket()}
     * @param prefix the root prefix, as for {@link S3SourceConfig#prefix()}; empty for the whole bucket
     * @param retry how transient failures are retried, for example {@link RetryPolicy#DEFAULT}
     * @throws ConfigException when the bucket or prefix is invalid
     */
    public static S3Source withClient(S3Client client, String bucket, String prefix, RetryPolicy retry) {
        Objects.requireNonNull(client, "client");
        S3SourceConfig config = S3SourceConfig.builder(bucket).prefix(prefix).retry(retry).build();
        var provider = client.serviceClientConfiguration().credentialsProvider();
        String origin = "the S3 client's credentials provider"
                + (provider == null ? "" : " (" + provider.getClass().getSimpleName() + ")");
        return new S3Source(client, null, config, () -> origin);
    }

    /**
     * Lists every object whose key starts with the root prefix plus {@code prefix}, page by page, except folder
     * markers (keys ending in '/', which S3-compatible stores may list without an ETag).
     *
     * @throws ConfigException when the bucket does not exist, access is denied or the settings are wrong
     * @throws dev.lakeload.core.RetriableException when transient failures outlast the retry policy
     */
    @Override
    public List<SourceFile> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        ensureOpen();
        String fullPrefix = root + prefix;
        String uri = "s3://" + bucket + "/" + fullPrefix;
        Attempts attempts = new Attempts(retry, "listing " + uri);
        List<SourceFile> files = new ArrayList<>();
        String continuation = null;
        do {
            ListObjectsV2Request request = ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(fullPrefix)
                    .continuationToken(continuation)
                    .build();
            ListObjectsV2Response page = listPage(request, attempts, uri);
            for (S3Object object : page.contents()) {
                // Folder markers come first: S3-compatible stores list their folders this way, without an ETag.
                if (!object.key().endsWith("/")) {
                    files.add(toSourceFile(object));
                }
            }
            continuation = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (continuation != null);
        return files;
    }

    private ListObjectsV2Response listPage(ListObjectsV2Request request, Attempts attempts, String uri) {
        while (true) {
            try {
                ListObjectsV2Response page = client.listObjectsV2(request);
                attempts.progressed();
                return page;
            } catch (SdkException e) {
                if (!S3Failures.isTransient(e)) {
                    throw failures.permanent(e, S3Failures.Operation.LIST, uri, null);
                }
                attempts.failed(e, request.continuationToken() == null ? "" : " of a later page");
            }
        }
    }

    private SourceFile toSourceFile(S3Object object) {
        String key = object.key().substring(root.length());
        String etag = unquote(object.eTag());
        if (etag == null || etag.isEmpty()) {
            throw new ConfigException("s3://" + bucket + "/" + object.key() + " is listed without an ETag; lakeload "
                    + "needs ETags to tell rewritten files from loaded ones");
        }
        Instant lastModified = object.lastModified() == null ? Instant.EPOCH : object.lastModified();
        long size = object.size() == null ? 0 : object.size();
        return new SourceFile(key, "s3://" + bucket + "/" + object.key(), size, etag, lastModified);
    }

    /**
     * Opens the object's stored bytes for streaming; the first GET happens here, so an object that changed or
     * vanished since it was listed fails now. The caller closes the stream, which stops its download thread.
     *
     * @throws dev.lakeload.core.DataException when the object changed (another ETag) or vanished since listed;
     *     also from {@code read} when it changes in the middle of a resumed download
     * @throws ConfigException when access is denied or the settings are wrong
     * @throws dev.lakeload.core.RetriableException when transient failures outlast the retry policy; also from
     *     {@code read}
     */
    @Override
    public InputStream open(SourceFile file) {
        Objects.requireNonNull(file, "file");
        ensureOpen();
        ObjectDownload download = new ObjectDownload(client, bucket, root + file.key(), file, failures);
        Attempts attempts = new Attempts(retry, "reading " + download.uri());
        ResponseInputStream<GetObjectResponse> body = download.open(0, attempts);
        ReadAheadInputStream stream;
        try {
            stream = ReadAheadInputStream.start(download, body, attempts, CHUNK_SIZE, CHUNKS, downloads::remove);
        } catch (RuntimeException | Error e) {
            body.abort();
            throw e;
        }
        downloads.add(stream);
        if (closed) {
            // close() ran while this GET was under way and could not see the new download.
            stream.close();
            ensureOpen();
        }
        return stream;
    }

    /** {@code s3://bucket/prefix/}. */
    @Override
    public String describe() {
        return "s3://" + bucket + "/" + root;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Stops open downloads, then closes the S3 client if this source created it. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (ReadAheadInputStream download : List.copyOf(downloads)) {
            download.close();
        }
        if (owned != null) {
            owned.close();
        }
    }

    /** How many objects are being downloaded right now (for tests). */
    int openDownloads() {
        return downloads.size();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(describe() + " is closed");
        }
    }

    static String unquote(String etag) {
        return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }

    /**
     * Where the default credential chain most likely found its credentials, told from the settings the chain
     * reads first (names only, never values), for messages about rejected credentials.
     */
    static String defaultChainOrigin() {
        String found;
        if (System.getProperty("aws.accessKeyId") != null) {
            found = "the aws.accessKeyId system property";
        } else if (System.getenv("AWS_ACCESS_KEY_ID") != null) {
            found = "the AWS_ACCESS_KEY_ID environment variable";
        } else if (System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") != null) {
            found = "the web identity token in AWS_WEB_IDENTITY_TOKEN_FILE";
        } else {
            String profile = System.getProperty("aws.profile", System.getenv("AWS_PROFILE"));
            found = "profile '" + (profile == null ? "default" : profile) + "' if it exists, else the container or "
                    + "instance role";
        }
        return "the default AWS credential chain (" + found + ")";
    }
}
