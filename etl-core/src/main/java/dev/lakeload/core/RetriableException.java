package dev.lakeload.core;

/**
 * A transient failure (network, throttling, a database fail-over) that persisted past the retries lakeload already
 * made. Nothing was committed for the table involved; running again is safe and may succeed.
 */
public class RetriableException extends LakeloadException {
    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
