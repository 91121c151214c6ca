package dev.lakeload.s3;

import dev.lakeload.core.DataException;
import dev.lakeload.core.LakeloadException;
import dev.lakeload.core.source.SourceFile;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The GET requests for one listed object: the whole object, or its rest from a byte offset after a broken
 * download, each only while the object's ETag is still the listed one. Thread-safe (it holds no mutable state).
 */
final class ObjectDownload {
    private final S3Client client;
    private final String bucket;
    private final String objectKey;
    private final SourceFile file;
    private final S3Failures failures;

    /**
     * @param objectKey the object's full key in the bucket
     * @param file the listed file, with its key relative to the source root and its ETag as version tag
     */
    ObjectDownload(S3Client client, String bucket, String objectKey, SourceFile file, S3Failures failures) {
        this.client = client;
        this.bucket = bucket;
        this.objectKey = objectKey;
        this.file = file;
        this.failures = failures;
    }

    SourceFile file() {
        return file;
    }

    /** The object as an S3 URI, for messages. */
    String uri() {
        return "s3://" + bucket + "/" + objectKey;
    }

    /**
     * Starts a GET of the object from byte {@code from}, retrying transient failures.
     *
     * @throws DataException when the object changed or vanished since it was listed
     * @throws dev.lakeload.core.ConfigException when access is denied or the configuration is wrong
     * @throws dev.lakeload.core.RetriableException when transient failures outlast the retry policy
     */
    ResponseInputStream<GetObjectResponse> open(long from, Attempts attempts) {
        while (true) {
            try {
                return get(from);
            } catch (SdkException e) {
                if (!S3Failures.isTransient(e)) {
                    throw permanent(e);
                }
                attempts.failed(e, from > 0 ? ", resuming at byte " + from : "");
            }
        }
    }

    /** The exception to throw for a failure that retrying cannot cure. */
    LakeloadException permanent(Throwable failure) {
        return failures.permanent(failure, S3Failures.Operation.GET, uri(), file.key());
    }

    private ResponseInputStream<GetObjectResponse> get(long from) {
        GetObjectRequest.Builder request = GetObjectRequest.builder()
                .bucket(bucket)
                .key(objectKey)
                // S3 answers 412 when the object was rewritten since it was listed, also for the rest of a
                // broken download, so bytes of two versions are never spliced together.
                .ifMatch('"' + file.versionTag() + '"');
        if (from > 0) {
            request.range("bytes=" + from + "-");
        }
        ResponseInputStream<GetObjectResponse> body = client.getObject(request.build());
        GetObjectResponse response = body.response();
        // Some S3-compatible stores ignore If-Match; the response's own ETag tells as well.
        String etag = S3Source.unquote(response.eTag());
        if (etag != null && !etag.equals(file.versionTag())) {
            body.abort();
            throw new DataException(file.key(), 0, null, "reading " + uri() + ": the object changed since listed "
                    + "(ETag " + etag + ", listed " + file.versionTag() + "); run again to load its new content");
        }
        if (from > 0 && response.contentRange() == null) {
            skipIgnoredRange(body, from);
        }
        return body;
    }

    // A store that ignores Range sends the whole object again; what was already received is skipped.
    private void skipIgnoredRange(ResponseInputStream<GetObjectResponse> body, long from) {
        try {
            body.skipNBytes(from);
        } catch (IOException e) {
            body.abort();
            throw SdkException.create("skipping the " + from + " bytes already read failed", e);
        }
    }
}
