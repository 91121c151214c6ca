package dev.lakeload.core.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How often {@link LoadPipeline} loads a table again after a transient failure
 * ({@link dev.lakeload.core.RetriableException}: a lost connection, a serialization failure or deadlock, a server
 * shutting down) and how long it waits between: {@code backoff} after the first failed attempt, doubling up to
 * {@code maxBackoff}. Each attempt starts afresh (a new plan against the ledger, new staging, new connections), so
 * a file that an attempt committed before failing is not loaded again. This retries a whole table's load; a source
 * retries its own requests first (the S3 source under {@code dev.lakeload.s3.RetryPolicy}, resuming downloads), so
 * its transient failure reaches this policy only once those retries are spent.
 *
 * @param attempts loads in all, at least 1 (1: no retries)
 * @param backoff the wait after the first failed attempt; not negative
 * @param maxBackoff the longest wait; not shorter than {@code backoff}
 */
public record RetryPolicy(int attempts, Duration backoff, Duration maxBackoff) {
    /** 5 attempts, waiting 1 s doubling to 30 s: rides out a server restart or a fail-over of about 15 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** No retries: a transient failure fails the table at once. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (attempts < 1) {
            throw new IllegalArgumentException("retry attempts must be at least 1, not " + attempts);
        }
        if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("retry backoff must be at least 0 and at most the longest backoff ("
                    + backoff + ", " + maxBackoff + ")");
        }
    }

    /** The wait after failed attempt {@code attempt} (counting from 1). */
    public Duration backoffAfter(int attempt) {
        Duration wait = backoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
