package dev.lakeload.core.source;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders the files of one table the way AWS DMS means them: every full-load file first, then change files in
 * time order, then files of no known shape in key order.
 *
 * <ul>
 *   <li>Full-load files are {@code LOAD} + an upper-case hexadecimal counter ({@code LOAD00000009.csv} before
 *       {@code LOAD0000000A.csv} before {@code LOAD00000010.csv}), optionally prefixed {@code SEGMENT<n>_} or in a
 *       partition subfolder (parallel full load). They order by folder, then segment, then counter.</li>
 *   <li>Change files are named by time, {@code yyyyMMdd-HHmmssSSS[...].csv}, also inside date-partitioned folders
 *       ({@code 2026/11/25/}); they order by that time, then by key.</li>
 * </ul>
 *
 * Keys are compared relative to the table prefix, which the caller strips. Thread-safe.
 */
public final class DmsFileOrder implements Comparator<String> {
    private static final Pattern FULL_LOAD =
            Pattern.compile("(?:SEGMENT(\\d+)_)?LOAD([0-9A-Fa-f]{8,16})(?:\\.[^/]*)?");
    private static final Pattern CHANGE = Pattern.compile("(\\d{8}-\\d{9})(?:[^/]*)?");

    private static final DateTimeFormatter CHANGE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmssSSS");

    public static final DmsFileOrder INSTANCE = new DmsFileOrder();

    private DmsFileOrder() {
    }

    @Override
    public int compare(String a, String b) {
        Rank ra = rank(a);
        Rank rb = rank(b);
        int byGroup = Integer.compare(ra.group, rb.group);
        if (byGroup != 0) {
            return byGroup;
        }
        int byFolder = ra.folder.compareTo(rb.folder);
        int result = switch (ra.group) {
            case 0 -> byFolder != 0 ? byFolder
                    : ra.segment != rb.segment ? Long.compare(ra.segment, rb.segment)
                    : Long.compareUnsigned(ra.counter, rb.counter);
            case 1 -> ra.time.compareTo(rb.time);
            default -> 0;
        };
        return result != 0 ? result : a.compareTo(b);
    }

    /** True when the key names a DMS full-load file. */
    public static boolean isFullLoad(String relativeKey) {
        return rank(relativeKey).group == 0;
    }

    /** True when the key names a DMS change (CDC) file. */
    public static boolean isChange(String relativeKey) {
        return rank(relativeKey).group == 1;
    }

    /**
     * The time in a DMS change file's name ({@code yyyyMMdd-HHmmssSSS}, UTC: when DMS wrote the changes); null for
     * any other file, and for a name whose digits are not a valid time.
     */
    public static Instant changeTime(String relativeKey) {
        Rank rank = rank(relativeKey);
        if (rank.group != 1) {
            return null;
        }
        try {
            return LocalDateTime.parse(rank.time, CHANGE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The table folder of a DMS file's key: the folder it is in, less trailing date-partition folders
     * ({@code 2026/11/25/}, all digits), ending in '/'; "" at the root.
     */
    public static String tableFolder(String key) {
        String[] segments = key.split("/");
        int end = segments.length - 1;
        while (end > 0 && segments[end - 1].chars().allMatch(Character::isDigit)) {
            end--;
        }
        return end == 0 ? "" : String.join("/", List.of(segments).subList(0, end)) + "/";
    }

    private record Rank(int group, String folder, long segment, long counter, String time) {
    }

    private static Rank rank(String relativeKey) {
        int slash = relativeKey.lastIndexOf('/');
        String folder = slash < 0 ? "" : relativeKey.substring(0, slash);
        String name = relativeKey.substring(slash + 1);
        Matcher full = FULL_LOAD.matcher(name);
        if (full.matches()) {
            long segment = full.group(1) == null ? -1 : Long.parseLong(full.group(1));
            return new Rank(0, folder, segment, Long.parseUnsignedLong(full.group(2), 16), "");
        }
        Matcher change = CHANGE.matcher(name);
        if (change.matches()) {
            return new Rank(1, folder, 0, 0, change.group(1));
        }
        return new Rank(2, folder, 0, 0, "");
    }
}
