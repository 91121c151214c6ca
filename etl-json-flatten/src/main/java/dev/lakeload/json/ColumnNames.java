package dev.lakeload.json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The names of one namespace (the columns of one relation, or the child relations of a table): hands each source
 * path one name for good, never the same name to two paths. Not thread-safe.
 *
 * <p>A name is the path's cleaned keys, at most {@code maxBytes} bytes of UTF-8; a longer one is cut and ends in
 * {@code _} and 8 hex digits of the SHA-256 of the full path. A name already taken (by another path, by a column
 * that exists in the table, by an input column) gets {@code _2}, {@code _3}, ... in the order paths are first seen.
 * Names recorded for a path in an earlier run ({@link #pin}) are reused.
 */
final class ColumnNames {
    /** Every PostgreSQL table has these system columns; no user column may take their names, even quoted. */
    static final Set<String> SYSTEM_COLUMNS = Set.of("tableoid", "xmin", "cmin", "xmax", "cmax", "ctid");

    private static final int HASH_SUFFIX_BYTES = 9;

    private final int maxBytes;
    private final Set<String> taken = new HashSet<>();
    private final Map<String, String> pinned = new HashMap<>();

    /** @param maxBytes how long a name may be, in UTF-8 bytes; more than the 9 of the hash suffix */
    ColumnNames(int maxBytes) {
        if (maxBytes <= HASH_SUFFIX_BYTES) {
            throw new IllegalArgumentException("names of at most " + maxBytes + " bytes leave no room for a hash");
        }
        this.maxBytes = maxBytes;
    }

    /** Makes {@code name} unavailable to any path. */
    void reserve(String name) {
        taken.add(name);
    }

    boolean isTaken(String name) {
        return taken.contains(name);
    }

    /** Records that {@code path} already has the name {@code name} (from an earlier run). */
    void pin(String path, String name) {
        pinned.put(path, name);
        taken.add(name);
    }

    /** The name recorded for {@code path} in an earlier run, or null. */
    String pinned(String path) {
        return pinned.get(path);
    }

    /**
     * The name of {@code path}: its pinned name, else {@code candidate} made to fit and unique, then taken. Call once
     * per path.
     *
     * @param candidate the cleaned name (see {@link #clean} and {@link #identifier})
     */
    String claim(String path, String candidate) {
        String known = pinned.get(path);
        if (known != null) {
            return known;
        }
        String name = candidate;
        if (utf8Length(name) > maxBytes) {
            name = truncate(name, maxBytes - HASH_SUFFIX_BYTES) + "_" + hash(path);
        }
        if (taken.add(name)) {
            return name;
        }
        for (int n = 2; ; n++) {
            String suffix = "_" + n;
            String numbered = truncate(name, maxBytes - suffix.length()) + suffix;
            if (taken.add(numbered)) {
                return numbered;
            }
        }
    }

    /**
     * One key made fit for a name: letters (lower-cased when asked) and digits of any script are kept, since
     * PostgreSQL takes them in identifiers and turning them into {@code _} would make all non-Latin keys collide;
     * everything else (punctuation, spaces, emoji, NUL) becomes {@code _}.
     */
    static String clean(String key, boolean lowerCase) {
        StringBuilder out = null;
        for (int i = 0; i < key.length(); ) {
            int cp = key.codePointAt(i);
            int next = i + Character.charCount(cp);
            int cleaned = cleanCodePoint(cp, lowerCase);
            if (cleaned != cp && out == null) {
                out = new StringBuilder(key.length()).append(key, 0, i);
            }
            if (out != null) {
                out.appendCodePoint(cleaned);
            }
            i = next;
        }
        return out == null ? key : out.toString();
    }

    private static int cleanCodePoint(int cp, boolean lowerCase) {
        if (cp < 0x80) {
            if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '_') {
                return cp;
            }
            if (cp >= 'A' && cp <= 'Z') {
                return lowerCase ? cp + ('a' - 'A') : cp;
            }
            return '_';
        }
        int type = Character.getType(cp);
        boolean kept = Character.isLetterOrDigit(cp) || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK;
        if (!kept) {
            return '_';
        }
        return lowerCase ? Character.toLowerCase(cp) : cp;
    }

    /** A joined name made a plain identifier: never empty, never starting with a digit. */
    static String identifier(String joined) {
        if (joined.isEmpty()) {
            return "_";
        }
        return Character.isDigit(joined.codePointAt(0)) ? "_" + joined : joined;
    }

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            bytes += utf8Size(cp);
            i += Character.charCount(cp);
        }
        return bytes;
    }

    /** The longest prefix of {@code text} of at most {@code bytes} UTF-8 bytes that does not split a character. */
    static String truncate(String text, int bytes) {
        int used = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = utf8Size(cp);
            if (used + size > bytes) {
                break;
            }
            used += size;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    private static int utf8Size(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    private static String hash(String path) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(8);
            JsonText.hex(new byte[] {digest[0], digest[1], digest[2], digest[3]}, hex);
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
