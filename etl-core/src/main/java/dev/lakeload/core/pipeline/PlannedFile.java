package dev.lakeload.core.pipeline;

import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.source.FileContent;
import dev.lakeload.core.source.SourceFile;
import java.util.Objects;

/**
 * A listed file and where it stands against the ledger, as a {@link TablePlan} decided it.
 *
 * @param file the file as listed
 * @param state where it stands
 * @param previous the ledger's latest entry for the file's location when planned; null when it has none. A load
 *     of the file is refused if the ledger has another latest entry by the time it is recorded. A new file may
 *     have one: the {@linkplain LedgerEntry.Disposition#REMOVED removal} of an earlier file at its location
 * @param content the content, read while planning because the file's stamp differed from {@code previous}'s;
 *     null when it was not read
 */
public record PlannedFile(SourceFile file, FileState state, LedgerEntry previous, FileContent content) {
    public PlannedFile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(state, "state");
        if ((state == FileState.NEW) != (previous == null
                || previous.disposition() == LedgerEntry.Disposition.REMOVED)) {
            throw new IllegalArgumentException("a file has no ledger entry, or a removal, exactly when it is new: "
                    + file.key());
        }
    }

    /**
     * Whether the file has a new stamp on the content its latest entry has (it was touched, or the entry is from
     * before hashes were recorded): the entry then takes the new stamp.
     */
    public boolean restamped() {
        return content != null && (state == FileState.LOADED || state == FileState.SKIPPED);
    }

    /** Whether the file was touched since recorded: a new stamp, the same content by hash. */
    public boolean touched() {
        return restamped() && previous.contentSha256() != null;
    }
}
