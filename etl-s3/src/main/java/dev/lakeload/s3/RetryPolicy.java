package dev.lakeload.s3;

import dev.lakeload.core.ConfigException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently {@link S3Source} retries transient failures (503 SlowDown, 500, throttling, a
 * connection reset or dropped mid-download) before giving up with a {@link dev.lakeload.core.RetriableException}.
 *
 * <p>The delay before retry {@code n} grows exponentially, {@code baseDelay * 2^(n-1)} capped at {@code maxDelay},
 * and is jittered down to half of that so that parallel readers do not retry in step. A download that made
 * progress since its last failure starts counting again, so a long object survives occasional breaks.
 *
 * @param attempts how many attempts in a row may fail before giving up (1: no retry)
 * @param baseDelay the delay before the first retry
 * @param maxDelay the longest delay between two attempts
 */
public record RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay) {
    /** 5 attempts, 200 ms doubling to at most 5 s: gives up after roughly 3 s of consecutive failures. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5));

    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (attempts < 1 || attempts > 100) {
            throw new ConfigException("source.s3.retry.attempts must be between 1 and 100, not " + attempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new ConfigException("source.s3.retry delays must satisfy 0 <= baseDelay <= maxDelay, not "
                    + baseDelay + " and " + maxDelay);
        }
    }

    /**
     * The delay to wait after {@code failures} consecutive failures, jittered within
     * {@code [d/2, d]} of the exponential delay {@code d}.
     */
    public Duration delayAfter(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1: " + failures);
        }
        long max = maxDelay.toNanos();
        // Shifting past 62 bits would overflow; by then the cap applies anyway.
        long exponential = failures > 62 ? max : Math.min(max, saturatedShift(baseDelay.toNanos(), failures - 1));
        long half = exponential / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(exponential - half + 1));
    }

    private static long saturatedShift(long value, int bits) {
        return value > (Long.MAX_VALUE >> bits) ? Long.MAX_VALUE : value << bits;
    }
}
