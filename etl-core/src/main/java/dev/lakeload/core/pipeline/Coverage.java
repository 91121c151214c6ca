package dev.lakeload.core.pipeline;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.config.UncoveredFolders;
import dev.lakeload.core.source.DmsFileOrder;
import dev.lakeload.core.source.GlobFilter;
import dev.lakeload.core.source.Source;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.source.TableFiles;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Finds the folders of a source that look like DMS tables and that no table loads, so that a table DMS started
 * replicating without anyone adding it to the manifest is noticed.
 *
 * <p>A DMS file is a full-load ({@code LOAD*}) or change file (named by time); its table folder is the folder it
 * is in, less trailing date-partition folders ({@code 2026/11/25/}, all digits). A folder is covered when a table
 * selects at least one of its DMS files (by {@code from}, {@code include} and {@code exclude}). Ignore patterns
 * are globs on the folder's key without its trailing '/' ({@code shop/audit_*}, {@code **}{@code /tmp}); a pattern
 * without '/' matches the folder's last name. Thread-safe.
 *
 * @param tables every table of the manifest (not only those a run loads)
 * @param ignore glob patterns of folders left out on purpose
 * @param policy whether uncovered folders fail the run
 */
public record Coverage(List<TableSpec> tables, List<String> ignore, UncoveredFolders policy) {
    public Coverage {
        tables = List.copyOf(tables);
        ignore = List.copyOf(ignore);
        Objects.requireNonNull(policy, "policy");
        new GlobFilter(List.of(), ignore); // refuses an invalid pattern now, not at the first run
    }

    /**
     * Lists the whole source and returns its uncovered, not ignored folders, by key.
     *
     * @throws dev.lakeload.core.LakeloadException when the source cannot be listed
     */
    public List<UncoveredFolder> uncovered(Source source) {
        GlobFilter kept = new GlobFilter(List.of(), ignore);
        Map<String, int[]> folders = new TreeMap<>();
        Map<String, Boolean> covered = new TreeMap<>();
        for (SourceFile file : source.list("")) {
            String key = file.key();
            if (file.size() == 0 || key.endsWith("/") || !(DmsFileOrder.isFullLoad(key)
                    || DmsFileOrder.isChange(key))) {
                continue;
            }
            String folder = DmsFileOrder.tableFolder(key);
            if (folder.isEmpty() || !kept.test(folder.substring(0, folder.length() - 1))) {
                continue;
            }
            folders.computeIfAbsent(folder, f -> new int[1])[0]++;
            covered.merge(folder, selected(key), Boolean::logicalOr);
        }
        return folders.entrySet().stream().filter(e -> !covered.get(e.getKey()))
                .map(e -> new UncoveredFolder(e.getKey(), e.getValue()[0])).toList();
    }

    private boolean selected(String key) {
        for (TableSpec table : tables) {
            String folder = TableFiles.asFolder(table.from());
            if (key.startsWith(folder) && table.files().test(key.substring(folder.length()))) {
                return true;
            }
        }
        return false;
    }
}
