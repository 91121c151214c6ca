package dev.lakeload.core.pipeline;

import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.RewritePolicy;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.source.DmsFileOrder;
import dev.lakeload.core.source.FileContent;
import dev.lakeload.core.source.Source;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.source.TableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which files of a table the next load takes, decided from the source listing and the ledger's latest entry per
 * location. A file whose stamp is the entry's stands as the entry says; a file with another stamp is read and
 * hashed first, and only different content counts as rewritten.
 *
 * <p>An {@code append} table loads its new files (and rewritten ones under {@code rewrittenFiles: load}). A
 * {@code replace} table loads every listed file as soon as one is new or rewritten or a loaded one is no longer
 * listed ({@link #removed()}), and nothing otherwise.
 *
 * @param files every listed file of the table with content, in load order, with its state
 * @param empty the listed empty files, which have no rows to load: not loaded, not recorded, named in the summary
 * @param rewritePolicy the table's policy for rewritten files (not used by {@code replace})
 * @param mode the table's load mode
 * @param vanished the latest entries of files the table loaded (or skipped) that are no longer listed, by key
 * @param newestChange the latest entry of the newest change file (by the time in its name) the table loaded or
 *     skipped, listed or not; null when there is none
 */
public record TablePlan(List<PlannedFile> files, List<SourceFile> empty, RewritePolicy rewritePolicy, LoadMode mode,
                        List<LedgerEntry> vanished, LedgerEntry newestChange) {
    public TablePlan {
        files = List.copyOf(files);
        empty = List.copyOf(empty);
        Objects.requireNonNull(rewritePolicy, "rewritePolicy");
        Objects.requireNonNull(mode, "mode");
        vanished = List.copyOf(vanished);
    }

    /**
     * For a {@code replace} table, the {@linkplain #vanished() vanished} files, whose rows leave the table at its
     * next load; empty for other modes, where a file's rows stay when the file goes.
     */
    public List<LedgerEntry> removed() {
        return mode == LoadMode.REPLACE ? vanished : List.of();
    }

    /**
     * Lists the table's files and sorts them against the ledger, reading the files whose stamps changed.
     *
     * @param latest the ledger's latest entry per location ({@link dev.lakeload.core.ledger.Ledger#latestEntries})
     * @throws dev.lakeload.core.DataException when a file to compare cannot be read
     */
    public static TablePlan of(TableSpec table, Source source, Map<String, LedgerEntry> latest) {
        TableFiles.Listing listing = TableFiles.list(source, table.from(), table.files());
        List<PlannedFile> files = listing.files().stream()
                .map(file -> plan(file, latest.get(file.location()), source))
                .toList();
        Set<String> listed = files.stream().map(f -> f.file().location()).collect(Collectors.toSet());
        List<LedgerEntry> vanished = latest.values().stream()
                .filter(e -> e.disposition() != LedgerEntry.Disposition.REMOVED && !listed.contains(e.location()))
                .sorted(Comparator.comparing(LedgerEntry::key)).toList();
        return new TablePlan(files, listing.empty(), table.rewritePolicy(), table.mode(), vanished,
                newestChange(latest.values()).orElse(null));
    }

    private static PlannedFile plan(SourceFile file, LedgerEntry previous, Source source) {
        if (previous == null || previous.disposition() == LedgerEntry.Disposition.REMOVED) {
            return new PlannedFile(file, FileState.NEW, previous, null);
        }
        if (previous.versionTag().equals(file.versionTag())) {
            return new PlannedFile(file, recorded(previous), previous, null);
        }
        FileContent content = read(source, file);
        boolean same = previous.contentSha256() == null ? sameBeforeHashes(previous, file)
                : previous.contentSha256().equals(content.sha256());
        return new PlannedFile(file, same ? recorded(previous) : FileState.REWRITTEN, previous, content);
    }

    private static FileState recorded(LedgerEntry entry) {
        return entry.disposition() == LedgerEntry.Disposition.SKIPPED ? FileState.SKIPPED : FileState.LOADED;
    }

    // Entries from lakeload 0.1 have no hash, and a local file's stamp then was size and modification time, to
    // which the change time has been added since: compared as that release did, they describe the file when
    // their stamp starts today's. The file then records its hash, and is compared by content from then on.
    private static boolean sameBeforeHashes(LedgerEntry previous, SourceFile file) {
        return file.location().startsWith("file:") && file.versionTag().startsWith(previous.versionTag() + "-");
    }

    private static FileContent read(Source source, SourceFile file) {
        try (InputStream in = source.open(file)) {
            return FileContent.of(in);
        } catch (IOException e) {
            throw new UncheckedIOException(file.key() + ": cannot read it to compare with the ledger: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The files to load now, in load order: new ones, and rewritten ones under {@code rewrittenFiles: load}; for a
     * {@code replace} table, every listed file when it {@linkplain #changed() changed}, else none.
     */
    public List<PlannedFile> toLoad() {
        if (mode == LoadMode.REPLACE) {
            return changed() ? files : List.of();
        }
        return files.stream().filter(f -> f.state() == FileState.NEW
                || f.state() == FileState.REWRITTEN && rewritePolicy == RewritePolicy.LOAD).toList();
    }

    /**
     * Whether the table has something to promote: files to load, or (for {@code replace}) only removed files, whose
     * rows leave the table.
     */
    public boolean changed() {
        boolean rewriteLoads = mode == LoadMode.REPLACE || rewritePolicy == RewritePolicy.LOAD;
        return !removed().isEmpty() || files.stream().anyMatch(f -> f.state() == FileState.NEW
                || f.state() == FileState.REWRITTEN && rewriteLoads);
    }

    /**
     * The new change files (named by time) to load that are older than the {@linkplain #newestChange newest change
     * file already recorded} (also one since deleted from the source): DMS uploaded them late, after a newer one
     * was applied.
     *
     * @return the late files, in load order; empty when there are none
     */
    public List<PlannedFile> lateChanges() {
        if (newestChange == null) {
            return List.of();
        }
        return toLoad().stream().filter(f -> f.state() == FileState.NEW && DmsFileOrder.isChange(f.file().key())
                && DmsFileOrder.INSTANCE.compare(f.file().key(), newestChange.key()) < 0).toList();
    }

    /** The latest entry of the newest change file (by the time in its name) among {@code recorded}, if any. */
    static Optional<LedgerEntry> newestChange(Collection<LedgerEntry> recorded) {
        return recorded.stream().filter(e -> e.disposition() != LedgerEntry.Disposition.REMOVED
                && e.key() != null && DmsFileOrder.isChange(e.key())).max(Comparator.comparing(LedgerEntry::key,
                DmsFileOrder.INSTANCE));
    }

    /** The files in {@code state}, in load order. */
    public List<PlannedFile> in(FileState state) {
        return files.stream().filter(f -> f.state() == state).toList();
    }

    /** The files whose latest entry takes their new stamp (see {@link PlannedFile#restamped()}). */
    public List<PlannedFile> restamped() {
        return files.stream().filter(PlannedFile::restamped).toList();
    }
}
