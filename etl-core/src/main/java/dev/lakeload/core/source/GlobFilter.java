package dev.lakeload.core.source;

import dev.lakeload.core.ConfigException;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Include and exclude glob patterns for the files of one table, matched against the key relative to the table's
 * prefix. A pattern without '/' matches the file name alone; with '/', the whole relative key. {@code *} matches
 * within one path segment, {@code **} across segments, {@code ?} one character.
 *
 * <p>A file is selected when it matches at least one include (or there are none) and no exclude. Thread-safe.
 */
public final class GlobFilter implements Predicate<String> {
    /** Selects everything. */
    public static final GlobFilter ALL = new GlobFilter(List.of(), List.of());

    private final List<String> includes;
    private final List<String> excludes;
    private final List<Predicate<String>> includeMatchers;
    private final List<Predicate<String>> excludeMatchers;

    public GlobFilter(List<String> includes, List<String> excludes) {
        this.includes = List.copyOf(Objects.requireNonNull(includes, "includes"));
        this.excludes = List.copyOf(Objects.requireNonNull(excludes, "excludes"));
        this.includeMatchers = this.includes.stream().map(GlobFilter::matcher).toList();
        this.excludeMatchers = this.excludes.stream().map(GlobFilter::matcher).toList();
    }

    public List<String> includes() {
        return includes;
    }

    public List<String> excludes() {
        return excludes;
    }

    @Override
    public boolean test(String relativeKey) {
        boolean included = includeMatchers.isEmpty() || includeMatchers.stream().anyMatch(m -> m.test(relativeKey));
        return included && excludeMatchers.stream().noneMatch(m -> m.test(relativeKey));
    }

    private static Predicate<String> matcher(String glob) {
        if (glob.isEmpty()) {
            throw new ConfigException("an empty include or exclude pattern matches nothing; remove it");
        }
        Pattern pattern = Pattern.compile(toRegex(glob));
        if (glob.indexOf('/') >= 0) {
            return key -> pattern.matcher(key).matches();
        }
        return key -> pattern.matcher(key.substring(key.lastIndexOf('/') + 1)).matches();
    }

    static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                // "**/" also matches no folder at all, so "**/x.csv" finds a top-level x.csv
                boolean slashFollows = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                regex.append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    @Override
    public String toString() {
        return "include " + includes + " exclude " + excludes;
    }
}
