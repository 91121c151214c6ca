package dev.lakeload.core.config;

import dev.lakeload.core.ConfigException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How old a table's newest file may be, like dbt's source freshness: past {@code warnAfter} the table is reported
 * stale, past {@code errorAfter} the run fails although the table loaded. It catches the DMS task that stopped
 * writing while it still says it is running.
 *
 * @param warnAfter the age past which the table is stale (a warning); null for no warning
 * @param errorAfter the age past which the run fails; null for never
 */
public record Freshness(Duration warnAfter, Duration errorAfter) {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*([smhd])");

    public Freshness {
        if (warnAfter == null && errorAfter == null) {
            throw new ConfigException("freshness needs warnAfter, errorAfter or both (for example "
                    + "{ warnAfter: 2h, errorAfter: 24h })");
        }
        requirePositive("warnAfter", warnAfter);
        requirePositive("errorAfter", errorAfter);
        if (warnAfter != null && errorAfter != null && warnAfter.compareTo(errorAfter) >= 0) {
            throw new ConfigException("freshness.warnAfter (" + format(warnAfter) + ") must be shorter than "
                    + "errorAfter (" + format(errorAfter) + "), or the warning could never come first");
        }
    }

    private static void requirePositive(String key, Duration duration) {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new ConfigException("freshness." + key + " must be longer than zero");
        }
    }

    /**
     * Reads a duration as the manifest writes it: a whole number and a unit, {@code s}, {@code m}, {@code h} or
     * {@code d} ({@code 90m}, {@code 2h}, {@code 1d}); null stays null.
     *
     * @param key the manifest key, for the message
     * @throws ConfigException naming the key and the accepted forms
     */
    public static Duration parse(String key, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(key + ": '" + text + "' is not a duration; write a whole number and a unit, "
                    + "s, m, h or d, such as 90m, 2h or 1d");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** A duration as people read it: {@code 1d 2h}, {@code 3h 5m}, {@code 45s}. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        StringBuilder text = new StringBuilder();
        if (days > 0) {
            text.append(days).append("d ");
        }
        if (hours > 0) {
            text.append(hours).append("h ");
        }
        if (minutes > 0) {
            text.append(minutes).append("m ");
        }
        if (text.isEmpty()) {
            text.append(seconds % 60).append("s ");
        }
        return text.toString().trim();
    }
}
