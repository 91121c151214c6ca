package dev.lakeload.core.pipeline;

import dev.lakeload.core.config.RewritePolicy;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.source.FileContent;
import dev.lakeload.core.source.Source;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.source.TableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which files of a table the next load takes, decided from the source listing and the ledger's latest entry per
 * location. A file whose stamp is the entry's stands as the entry says; a file with another stamp is read and
 * hashed first, and only different content counts as rewritten.
 *
 * @param files every listed file of the table, in load order, with its state
 * @param rewritePolicy the table's policy for rewritten files
 */
public record TablePlan(List<PlannedFile> files, RewritePolicy rewritePolicy) {
    public TablePlan {
        files = List.copyOf(files);
        Objects.requireNonNull(rewritePolicy, "rewritePolicy");
    }

    /**
     * Lists the table's files and sorts them against the ledger, reading the files whose stamps changed.
     *
     * @param latest the ledger's latest entry per location ({@link dev.lakeload.core.ledger.Ledger#latestEntries})
     * @throws dev.lakeload.core.DataException when a file to compare cannot be read
     */
    public static TablePlan of(TableSpec table, Source source, Map<String, LedgerEntry> latest) {
        List<PlannedFile> files = TableFiles.select(source, table.from(), table.files()).stream()
                .map(file -> plan(file, latest.get(file.location()), source))
                .toList();
        return new TablePlan(files, table.rewritePolicy());
    }

    private static PlannedFile plan(SourceFile file, LedgerEntry previous, Source source) {
        if (previous == null) {
            return new PlannedFile(file, FileState.NEW, null, null);
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

    /** The files to load now, in load order: new ones, and rewritten ones under {@code rewrittenFiles: load}. */
    public List<PlannedFile> toLoad() {
        return files.stream().filter(f -> f.state() == FileState.NEW
                || f.state() == FileState.REWRITTEN && rewritePolicy == RewritePolicy.LOAD).toList();
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
