package dev.lakeload.s3;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import dev.lakeload.core.LakeloadException;
import dev.lakeload.core.RetriableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.ConnectTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Tells transient S3 failures (worth retrying) from permanent ones, and words the permanent ones so that an
 * operator knows what to fix. Never puts credentials in a message: only where they came from. Thread-safe.
 */
final class S3Failures {
    /** What S3Source was doing when it failed; the permissions it needs differ. */
    enum Operation { LIST, GET }

    // Error codes Amazon S3 and S3-compatible stores use for throttling and passing trouble.
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout", "Throttling", "ThrottlingException", "RequestThrottled", "TooManyRequests",
            "RequestLimitExceeded", "BandwidthLimitExceeded", "OperationAborted");
    private static final Set<String> REGION_CODES = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException", "AuthorizationQueryParametersError");
    private static final Pattern EXPECTED_REGION = Pattern.compile("expecting '([a-z0-9_-]+)'");

    private final String bucket;
    private final String store;
    private final String region;
    private final Supplier<String> credentials;

    /**
     * @param bucket the configured bucket
     * @param store what answers, for messages: "Amazon S3" or "the S3 endpoint http://..."
     * @param region the region the client signs for, or null when not known
     * @param credentials says where the credentials came from (evaluated only when a message needs it)
     */
    S3Failures(String bucket, String store, String region, Supplier<String> credentials) {
        this.bucket = bucket;
        this.store = store;
        this.region = region;
        this.credentials = credentials;
    }

    /** True for failures that may pass: throttling, 5xx, network trouble, timeouts. */
    static boolean isTransient(Throwable failure) {
        if (failure instanceof AwsServiceException service) {
            int status = service.statusCode();
            return (status >= 500 && status != 501) || status == 429 || service.isThrottlingException()
                    || TRANSIENT_CODES.contains(code(service));
        }
        if (failure instanceof ApiCallAttemptTimeoutException || failure instanceof ApiCallTimeoutException) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** True when no connection to the store could be made: refused, timed out, or an unknown host. */
    static boolean isConnectFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
                    || cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /** One line for logs and the final RetriableException, for example "503 SlowDown: Please reduce ...". */
    static String summary(Throwable failure) {
        if (failure instanceof AwsServiceException service) {
            AwsErrorDetails details = service.awsErrorDetails();
            String message = details == null ? null : details.errorMessage();
            return service.statusCode() + " " + code(service) + (message == null ? "" : ": " + message);
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return root == failure ? message : failure.getClass().getSimpleName() + " (" + message + ")";
    }

    /**
     * The exception to throw for a permanent failure.
     *
     * @param failure what the SDK threw
     * @param operation what was being done
     * @param uri the S3 URI involved (the listed prefix or the read object)
     * @param key the object's key relative to the source root, for {@link DataException}s; null when listing
     */
    LakeloadException permanent(Throwable failure, Operation operation, String uri, String key) {
        String doing = (operation == Operation.LIST ? "listing " : "reading ") + uri;
        if (failure instanceof AwsServiceException service) {
            return fromService(service, operation, doing, key);
        }
        if (failure instanceof SdkClientException && failure.getMessage() != null
                && failure.getMessage().toLowerCase(Locale.ROOT).contains("checksum")) {
            // The bytes already went to the reader, so the download cannot resume; loading again re-reads them.
            return new RetriableException(doing + ": the bytes read do not match the object's checksum ("
                    + failure.getMessage() + "); running again reads it anew", failure);
        }
        // The SDK failed before getting an answer: no credentials or region found, an invalid setting.
        return new ConfigException(doing + " failed before reaching " + store + ": " + failure.getMessage()
                + credentialsHint(), failure);
    }

    private LakeloadException fromService(AwsServiceException service, Operation operation, String doing,
                                          String key) {
        int status = service.statusCode();
        String code = effectiveCode(service, operation);
        if (REGION_CODES.contains(code) || status == 301) {
            return new ConfigException(regionMessage(service), service);
        }
        if (service.isClockSkewException()) {
            return new ConfigException(doing + ": this machine's clock differs too much from the clock of " + store
                    + "; synchronise it (NTP)", service);
        }
        switch (code) {
            case "NoSuchBucket":
                return new ConfigException("bucket '" + bucket + "' does not exist at " + store
                        + " (source.s3.bucket)", service);
            case "InvalidBucketName":
                return new ConfigException("bucket name '" + bucket + "' is refused by " + store
                        + " as invalid (source.s3.bucket)", service);
            case "InvalidAccessKeyId":
                return new ConfigException(doing + ": the access key id from " + credentials.get()
                        + " is not known to " + store + "; fix the credentials" + credentialsHint(), service);
            case "SignatureDoesNotMatch":
                return new ConfigException(doing + ": the secret key from " + credentials.get()
                        + " does not match its access key id (or something rewrote the request on its way to "
                        + store + "); fix the credentials" + credentialsHint(), service);
            case "ExpiredToken", "InvalidToken", "TokenRefreshRequired":
                return new ConfigException(doing + ": the session token from " + credentials.get()
                        + " has expired or is invalid; refresh the credentials" + credentialsHint(), service);
            case "NotImplemented":
                return new ConfigException(doing + ": " + store + " does not implement a request lakeload sent ("
                        + summary(service) + "); S3-compatible stores often need source.s3.checksums: "
                        + "when_required and source.s3.pathStyle: true", service);
            case "PreconditionFailed":
                return new DataException(key, 0, null, doing + ": the object changed since listed (its ETag "
                        + "differs); run again to load its new content", service);
            case "NoSuchKey":
                return new DataException(key, 0, null, doing + ": the object vanished since listed", service);
            case "InvalidObjectState":
                return new DataException(key, 0, null, doing + ": the object is in an archive storage class "
                        + "(Glacier, Deep Archive); restore it or exclude it from the table's files", service);
            default:
                break;
        }
        if (status == 403) {
            String permission = operation == Operation.LIST ? "s3:ListBucket on bucket '" + bucket + "'"
                    : "s3:GetObject on it (and kms:Decrypt if it is encrypted with a KMS key)";
            return new ConfigException("access denied " + doing + ": the credentials from " + credentials.get()
                    + " lack " + permission + ", or a bucket, endpoint or organization policy denies it ("
                    + summary(service) + ")", service);
        }
        if (operation == Operation.GET) {
            return new DataException(key, 0, null, doing + ": " + store + " refused it (" + summary(service) + ")",
                    service);
        }
        return new ConfigException(doing + ": " + store + " refused it (" + summary(service) + ")", service);
    }

    private String regionMessage(AwsServiceException service) {
        AwsErrorDetails details = service.awsErrorDetails();
        Optional<String> actual = details == null || details.sdkHttpResponse() == null ? Optional.empty()
                : details.sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
        if (actual.isEmpty() && details != null && details.errorMessage() != null) {
            Matcher expected = EXPECTED_REGION.matcher(details.errorMessage());
            if (expected.find()) {
                actual = Optional.of(expected.group(1));
            }
        }
        String current = region == null ? "the client's region" : "region '" + region + "'";
        return actual.map(r -> "bucket '" + bucket + "' is in region '" + r + "', not " + current
                        + ": set source.s3.region: " + r)
                .orElse("bucket '" + bucket + "' is not in " + current + " (" + summary(service)
                        + "): set source.s3.region to the bucket's region");
    }

    private String credentialsHint() {
        return " (source.s3.profile, or the AWS_* environment variables, aws.* system properties, "
                + "~/.aws/credentials, or the container or instance role)";
    }

    private static String code(AwsServiceException service) {
        AwsErrorDetails details = service.awsErrorDetails();
        String code = details == null ? null : details.errorCode();
        return code == null ? "" : code;
    }

    // A HEAD answer or a terse store may carry no error code: the status still says what happened.
    private static String effectiveCode(AwsServiceException service, Operation operation) {
        String code = code(service);
        int status = service.statusCode();
        if (status == 412) {
            return "PreconditionFailed";
        }
        if (!code.isEmpty()) {
            return code;
        }
        return switch (status) {
            case 404 -> operation == Operation.GET ? "NoSuchKey" : "NoSuchBucket";
            case 501 -> "NotImplemented";
            default -> "";
        };
    }
}
