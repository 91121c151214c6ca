package dev.lakeload.s3;

import dev.lakeload.core.RetriableException;
import dev.lakeload.core.UnreachableException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the consecutive failed attempts of one operation (a listing, the download of one object) and waits
 * between them as its {@link RetryPolicy} says. Not thread-safe: one operation, one thread at a time.
 */
final class Attempts {
    private static final Logger LOG = LoggerFactory.getLogger(S3Source.class);

    private final RetryPolicy policy;
    private final String doing;
    private int failures;

    /**
     * @param policy how many attempts and how long between them
     * @param doing what the operation is, for messages: "listing s3://lake/dms/orders/"
     */
    Attempts(RetryPolicy policy, String doing) {
        this.policy = policy;
        this.doing = doing;
    }

    /**
     * Records a transient failure and waits before the next attempt.
     *
     * @param next what the next attempt does differently, for the log ("" when nothing)
     * @throws RetriableException when the policy allows no further attempt (an {@link UnreachableException} when
     *     the store could not be connected to), or the wait was interrupted
     */
    void failed(Throwable failure, String next) {
        failures++;
        String summary = S3Failures.summary(failure);
        if (failures >= policy.attempts()) {
            String message = doing + " failed " + failures + " time(s) in a row, last with " + summary
                    + "; running again may succeed";
            throw S3Failures.isConnectFailure(failure) ? new UnreachableException(message, failure)
                    : new RetriableException(message, failure);
        }
        Duration delay = policy.delayAfter(failures);
        LOG.warn("{} failed ({}); retry {} of {} in {} ms{}", doing, summary, failures, policy.attempts() - 1,
                delay.toMillis(), next);
        try {
            Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException(doing + " was interrupted while waiting to retry after " + summary, e);
        }
    }

    /** Records progress: the failures so far no longer count against the policy. */
    void progressed() {
        failures = 0;
    }
}
