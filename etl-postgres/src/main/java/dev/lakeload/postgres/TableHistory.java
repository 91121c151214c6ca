package dev.lakeload.postgres;

import java.time.Instant;
import java.util.Objects;

/**
 * What the ledger knows of one table across every run and every worker that shares it ({@link
 * PostgresLedger#history}): for {@code lakeload status}. Immutable.
 *
 * @param table the table's name (unqualified, as in the manifest)
 * @param lastLoad the last run that loaded files into it; null when none ever did
 * @param lastRun the last run that recorded an outcome for it, whatever the outcome; null when none did
 * @param filesLoaded the files whose latest entry in {@code lakeload.files} is {@code loaded}
 * @param rowsLoaded the rows every run recorded as loaded into it, in total
 * @param openRejects its rejects (and its child tables') not yet dealt with ({@link RecordedReject#dealtWith})
 * @param newestFile the loaded file last written at the source; null when none is loaded
 * @param newestFileAt when {@code newestFile} was last written (S3 LastModified, the file's modification time),
 *     or, for entries of ledgers from before lakeload recorded that, when it was loaded; null with no file
 * @param loadingRun the run holding the table's claim right now (loading it); null when none does
 */
public record TableHistory(String table, Outcome lastLoad, Outcome lastRun, long filesLoaded, long rowsLoaded,
                           long openRejects, String newestFile, Instant newestFileAt, String loadingRun) {
    public TableHistory {
        Objects.requireNonNull(table, "table");
    }

    /**
     * One run's recorded outcome for the table ({@code lakeload.run_tables}).
     *
     * @param runId the run
     * @param at when the run finished (when it started, for a run that never recorded its end)
     * @param status {@code loaded}, {@code up_to_date}, {@code failed} or {@code busy}
     * @param files the files it loaded
     * @param rowsLoaded the rows it loaded
     * @param error why it failed; null unless it did
     * @param errorKind the {@linkplain dev.lakeload.core.pipeline.ErrorKind kind} of the failure; null unless failed
     */
    public record Outcome(String runId, Instant at, String status, int files, long rowsLoaded, String error,
                          String errorKind) {
    }
}
