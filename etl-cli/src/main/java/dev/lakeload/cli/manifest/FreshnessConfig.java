package dev.lakeload.cli.manifest;

import dev.lakeload.core.config.Freshness;

/**
 * {@code freshness:} of a table: how old its newest file may be, as durations such as {@code 90m}, {@code 2h} or
 * {@code 1d}. Validated when bound, so that the error names the key and its line.
 *
 * @param warnAfter past it the table is reported stale (exit code 0)
 * @param errorAfter past it the run fails (exit code 1) although the table loaded
 */
public record FreshnessConfig(String warnAfter, String errorAfter) {
    public FreshnessConfig {
        limits(warnAfter, errorAfter);
    }

    /** The limits this describes. */
    public Freshness toFreshness() {
        return limits(warnAfter, errorAfter);
    }

    private static Freshness limits(String warnAfter, String errorAfter) {
        return new Freshness(Freshness.parse("freshness.warnAfter", warnAfter),
                Freshness.parse("freshness.errorAfter", errorAfter));
    }
}
