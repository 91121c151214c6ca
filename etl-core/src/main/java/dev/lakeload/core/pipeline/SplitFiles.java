package dev.lakeload.core.pipeline;

import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.source.DmsFileOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The files of a table split between runs by file, in two parts: those any run may load in batches of its own,
 * in any order ({@code shared}), and those that must then be applied in load order, in one promotion, by one run
 * at a time, once every shared file is recorded ({@code ordered}).
 *
 * <p>An {@code append} table's files are all shared. A {@code cdc} table shares its DMS full-load files: the cdc
 * applier inserts a full-load row or updates the row of its key, and within one full load every key appears once,
 * so batches of them give the same rows in any order. Its change files (and files of no known DMS shape, which
 * load after them) keep the order of their changes; applied before the full load is all in, a later full-load
 * batch would bring back rows they deleted or values they changed.
 *
 * @param shared the files to load in batches, in load order
 * @param ordered the files to apply in load order after every shared file, in one promotion
 */
record SplitFiles(List<PlannedFile> shared, List<PlannedFile> ordered) {
    SplitFiles {
        shared = List.copyOf(shared);
        ordered = List.copyOf(ordered);
    }

    /** Splits {@code toLoad}, in load order, as a table in {@code mode} splits (see {@link Sharing#splits}). */
    static SplitFiles of(LoadMode mode, List<PlannedFile> toLoad) {
        if (mode != LoadMode.CDC) {
            return new SplitFiles(toLoad, List.of());
        }
        return new SplitFiles(toLoad.stream().filter(f -> DmsFileOrder.isFullLoad(f.file().key())).toList(),
                toLoad.stream().filter(f -> !DmsFileOrder.isFullLoad(f.file().key())).toList());
    }

    /**
     * The files of {@code files} whose latest ledger entry in {@code latest} is still the one they were planned
     * from: no run has recorded them since.
     */
    static List<PlannedFile> unrecorded(List<PlannedFile> files, Map<String, LedgerEntry> latest) {
        return files.stream().filter(f -> Objects.equals(idOf(latest.get(f.file().location())), idOf(f.previous())))
                .toList();
    }

    /**
     * Whether another run recorded change files since the plan that {@link #ordered} comes from, which saw
     * {@code plannedNewest} as the newest change file recorded: applied now, the ordered files would skip the
     * late-change check against what that run applied, so they are left to a run that plans again.
     */
    boolean orderedRecordedSince(LedgerEntry plannedNewest, Map<String, LedgerEntry> latest) {
        LedgerEntry newest = TablePlan.newestChange(latest.values()).orElse(null);
        return !Objects.equals(idOf(newest), idOf(plannedNewest))
                || unrecorded(ordered, latest).size() != ordered.size();
    }

    private static Long idOf(LedgerEntry entry) {
        return entry == null ? null : entry.id();
    }
}
