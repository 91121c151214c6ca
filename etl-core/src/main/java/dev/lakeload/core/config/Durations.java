package dev.lakeload.core.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the manifest and the command line write them: a whole number and a unit, {@code ms}, {@code s},
 * {@code m}, {@code h} or {@code d} ({@code 500ms}, {@code 90m}, {@code 2h}, {@code 1d}), or {@code 0}; and as
 * reports print them.
 */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    /**
     * Reads a duration.
     *
     * @throws IllegalArgumentException saying what was read and which forms are accepted
     */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || m.group(2) == null && Long.parseLong(m.group(1)) != 0) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write a whole number and a unit, "
                    + "ms, s, m, h or d, such as 500ms, 30s, 90m, 2h or 1d (or 0)");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
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
