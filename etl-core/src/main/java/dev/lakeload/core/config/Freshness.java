package dev.lakeload.core.config;

import dev.lakeload.core.ConfigException;
import java.time.Duration;

/**
 * How old a table's newest file may be, like dbt's source freshness: past {@code warnAfter} the table is reported
 * stale, past {@code errorAfter} the run fails although the table loaded. It catches the DMS task that stopped
 * writing while it still says it is running.
 *
 * @param warnAfter the age past which the table is stale (a warning); null for no warning
 * @param errorAfter the age past which the run fails; null for never
 */
public record Freshness(Duration warnAfter, Duration errorAfter) {
    public Freshness {
        if (warnAfter == null && errorAfter == null) {
            throw new ConfigException("freshness needs warnAfter, errorAfter or both (for example "
                    + "{ warnAfter: 2h, errorAfter: 24h })");
        }
        requirePositive("warnAfter", warnAfter);
        requirePositive("errorAfter", errorAfter);
        if (warnAfter != null && errorAfter != null && warnAfter.compareTo(errorAfter) >= 0) {
            throw new ConfigException("freshness.warnAfter (" + Durations.format(warnAfter) + ") must be shorter "
                    + "than errorAfter (" + Durations.format(errorAfter) + "), or the warning could never come first");
        }
    }

    private static void requirePositive(String key, Duration duration) {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new ConfigException("freshness." + key + " must be longer than zero");
        }
    }

    /**
     * Reads a duration as the manifest writes it ({@link Durations}: {@code 90m}, {@code 2h}, {@code 1d}); null
     * stays null.
     *
     * @param key the manifest key, for the message
     * @throws ConfigException naming the key and the accepted forms
     */
    public static Duration parse(String key, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }
}
