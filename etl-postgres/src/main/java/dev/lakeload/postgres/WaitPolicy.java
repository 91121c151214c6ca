package dev.lakeload.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a load waits, and how often it says what it waits for. A value; see {@link #of} for the usual way to
 * make one and {@link #DEFAULTS} for the defaults.
 *
 * @param claimWait how long a run waits for a table that another run is loading before it leaves the table to
 *     that run ({@code busy}); zero leaves it at once
 * @param lockTimeout PostgreSQL's {@code lock_timeout} for the load's sessions: a lock wait longer than this fails
 *     the table, naming the lock and who holds it; zero waits without limit
 * @param statementTimeout PostgreSQL's {@code statement_timeout} for the load's sessions; zero (the default) sets
 *     none, since one COPY or promotion of a large table may rightly take hours
 * @param reportEvery how often a waiting load logs what it waits on and behind whom
 * @param pollEvery how often a run waiting for another run's table tries to claim it again
 */
public record WaitPolicy(Duration claimWait, Duration lockTimeout, Duration statementTimeout, Duration reportEvery,
                         Duration pollEvery) {
    private static final Duration MOST_REPORT_EVERY = Duration.ofSeconds(5);
    private static final Duration LEAST_REPORT_EVERY = Duration.ofMillis(100);
    private static final Duration MOST_POLL_EVERY = Duration.ofSeconds(1);
    private static final Duration LEAST_POLL_EVERY = Duration.ofMillis(50);

    /** Wait ten minutes for another run's table, one minute for a lock, and set no statement timeout. */
    public static final WaitPolicy DEFAULTS = of(Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ZERO);

    public WaitPolicy {
        for (Duration bound : new Duration[] {claimWait, lockTimeout, statementTimeout}) {
            Objects.requireNonNull(bound, "claimWait, lockTimeout and statementTimeout");
            if (bound.isNegative()) {
                throw new IllegalArgumentException("a wait cannot be negative: " + bound);
            }
        }
        if (reportEvery.isNegative() || reportEvery.isZero() || pollEvery.isNegative() || pollEvery.isZero()) {
            throw new IllegalArgumentException("reportEvery and pollEvery must be positive");
        }
    }

    /**
     * A policy with these bounds, reporting a wait every 5 s, or four times within the lock timeout when that is
     * shorter (at least every 100 ms), and trying a claim again every second, or ten times within the claim wait
     * when that is shorter (at least every 50 ms): a short bound is still reported before it passes.
     */
    public static WaitPolicy of(Duration claimWait, Duration lockTimeout, Duration statementTimeout) {
        Duration report = lockTimeout.isZero() ? MOST_REPORT_EVERY : clamp(lockTimeout.dividedBy(4),
                LEAST_REPORT_EVERY, MOST_REPORT_EVERY);
        Duration poll = claimWait.isZero() ? MOST_POLL_EVERY : clamp(claimWait.dividedBy(10), LEAST_POLL_EVERY,
                MOST_POLL_EVERY);
        return new WaitPolicy(claimWait, lockTimeout, statementTimeout, report, poll);
    }

    private static Duration clamp(Duration value, Duration least, Duration most) {
        return value.compareTo(least) < 0 ? least : value.compareTo(most) > 0 ? most : value;
    }
}
