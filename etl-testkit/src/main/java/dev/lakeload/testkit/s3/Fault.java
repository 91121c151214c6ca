package dev.lakeload.testkit.s3;

import java.util.Map;
import java.util.Objects;

/**
 * A failure that {@link FaultInjectingProxy} plays instead of, or in the middle of, a forwarded request.
 */
public sealed interface Fault {
    /**
     * Answers the request itself with an S3 error document, without forwarding it.
     *
     * @param status the HTTP status, for example 503
     * @param code the S3 error code, for example {@code SlowDown}
     * @param message the error message
     * @param headers extra response headers, for example {@code x-amz-bucket-region}
     */
    record Respond(int status, String code, String message, Map<String, String> headers) implements Fault {
        public Respond {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("not an HTTP status: " + status);
            }
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            headers = Map.copyOf(headers);
        }
    }

    /**
     * Forwards the request, then ends the connection after {@code afterBytes} bytes of the response body, as a
     * network failure in the middle of a download would.
     *
     * @param afterBytes how many body bytes reach the client
     * @param reset true to end with a TCP reset ("connection reset"; the client may lose bytes still in flight),
     *     false to close cleanly (the client sees the body end early)
     */
    record CutBody(long afterBytes, boolean reset) implements Fault {
        public CutBody {
            if (afterBytes < 0) {
                throw new IllegalArgumentException("afterBytes must not be negative: " + afterBytes);
            }
        }
    }

    /** S3's answer when throttling: 503 SlowDown. */
    static Fault slowDown() {
        return new Respond(503, "SlowDown", "Please reduce your request rate.", Map.of());
    }

    /** An S3 error document with the given status and code. */
    static Fault error(int status, String code, String message) {
        return new Respond(status, code, message, Map.of());
    }

    /** Closes the connection cleanly after {@code afterBytes} bytes of the response body. */
    static Fault dropAfterBodyBytes(long afterBytes) {
        return new CutBody(afterBytes, false);
    }

    /** Resets the connection after {@code afterBytes} bytes of the response body. */
    static Fault resetAfterBodyBytes(long afterBytes) {
        return new CutBody(afterBytes, true);
    }
}
