package dev.lakeload.core.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Suggestions for names that match nothing (a column, a time zone): what an error message offers instead. Public
 * only so that every module's messages say it the same way; not an API.
 */
public final class Names {
    private Names() {
    }

    /**
     * The candidate that {@code name} most likely meant: one equal to it but for case, else the nearest by edit
     * distance when it is close enough to be a typo, else none.
     */
    public static Optional<String> closest(String name, Collection<String> candidates) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // A third of the name (at least one edit) tells a typo from another name: nme -> name, not id -> v.
        return bestDistance <= Math.max(1, name.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /**
     * {@code "did you mean 'x'?"} for the closest candidate, else the candidates themselves (the first ten), for
     * an error message.
     */
    public static String suggestion(String name, Collection<String> candidates) {
        Optional<String> closest = closest(name, candidates);
        if (closest.isPresent()) {
            return "did you mean '" + closest.get() + "'?";
        }
        if (candidates.isEmpty()) {
            return "there are none";
        }
        String some = candidates.stream().limit(10).map(c -> "'" + c + "'").collect(Collectors.joining(", "));
        return "the names are " + some + (candidates.size() > 10 ? ", ..." : "");
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
