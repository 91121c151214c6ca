package dev.lakeload.core.source;

import java.util.Comparator;
import java.util.List;

/**
 * Selects and orders the files of one table from a source listing: under the table's prefix, not a folder marker
 * or empty object, matching its globs, in {@link DmsFileOrder}.
 */
public final class TableFiles {
    private TableFiles() {
    }

    /**
     * @param source where to list
     * @param prefix the table's key prefix (a trailing '/' is added when missing, so {@code orders} never picks
     *     up {@code orders_archive/})
     * @param filter include and exclude globs, matched relative to the prefix
     */
    public static List<SourceFile> select(Source source, String prefix, GlobFilter filter) {
        String folder = asFolder(prefix);
        return source.list(folder).stream()
                .filter(f -> f.key().startsWith(folder))
                .filter(f -> f.size() > 0 && !f.key().endsWith("/"))
                .filter(f -> filter.test(f.key().substring(folder.length())))
                .sorted(Comparator.comparing((SourceFile f) -> f.key().substring(folder.length()),
                        DmsFileOrder.INSTANCE))
                .toList();
    }

    /** The prefix as a folder: empty stays empty (the whole source), anything else ends with '/'. */
    public static String asFolder(String prefix) {
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }
}
