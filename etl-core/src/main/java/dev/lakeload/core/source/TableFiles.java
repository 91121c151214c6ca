package dev.lakeload.core.source;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Selects and orders the files of one table from a source listing: under the table's prefix, not a folder marker,
 * matching its globs, in {@link DmsFileOrder}; empty files apart.
 */
public final class TableFiles {
    private TableFiles() {
    }

    /**
     * A table's files, and its empty ones, which have no rows and are left out of loads (a local file may be empty
     * while it is being written; DMS writes no empty files).
     *
     * @param files the files with content, in DMS order
     * @param empty the empty files, in the same order
     */
    public record Listing(List<SourceFile> files, List<SourceFile> empty) {
        public Listing {
            files = List.copyOf(files);
            empty = List.copyOf(empty);
        }
    }

    /**
     * @param source where to list
     * @param prefix the table's key prefix (a trailing '/' is added when missing, so {@code orders} never picks
     *     up {@code orders_archive/})
     * @param filter include and exclude globs, matched relative to the prefix
     */
    public static Listing list(Source source, String prefix, GlobFilter filter) {
        String folder = asFolder(prefix);
        Map<Boolean, List<SourceFile>> byContent = source.list(folder).stream()
                .filter(f -> f.key().startsWith(folder) && !f.key().endsWith("/"))
                .filter(f -> filter.test(f.key().substring(folder.length())))
                .sorted(Comparator.comparing((SourceFile f) -> f.key().substring(folder.length()),
                        DmsFileOrder.INSTANCE))
                .collect(Collectors.partitioningBy(f -> f.size() > 0));
        return new Listing(byContent.get(true), byContent.get(false));
    }

    /** The files with content of {@link #list}. */
    public static List<SourceFile> select(Source source, String prefix, GlobFilter filter) {
        return list(source, prefix, filter).files();
    }

    /** The prefix as a folder: empty stays empty (the whole source), anything else ends with '/'. */
    public static String asFolder(String prefix) {
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }
}
