package dev.lakeload.core.ledger;

import dev.lakeload.core.pipeline.PlannedFile;
import dev.lakeload.core.pipeline.RunReport;
import java.util.List;
import java.util.Map;

/**
 * The record of what was loaded: an entry per file version per table, and the runs. Entries of loaded files are
 * written by the {@link dev.lakeload.core.promote.Promoter} in the promotion's transaction; the ledger reads
 * them, records what a run decided about files it does not load, and keeps the run log. Thread-safe.
 */
public interface Ledger {
    /** Creates the ledger's tables when missing, or upgrades them. Safe to call on every run and concurrently. */
    void prepare();

    /** The latest entry of every file recorded for {@code table}, by the file's location. */
    Map<String, LedgerEntry> latestEntries(String table);

    /**
     * Records, in one transaction, what a run decided about files it does not load: each of {@code skipped}
     * (rewritten, under {@code rewrittenFiles: skip}) as a new entry of its content with no rows, so that it
     * stays skipped; and the new stamp of each of {@code restamped} (its content is the same as its latest
     * entry's), so that it is not hashed again.
     *
     * @param skipped planned files whose content is known ({@link PlannedFile#content()})
     * @param restamped planned files found unchanged; an entry superseded meanwhile is left as it is
     * @throws dev.lakeload.core.DataException when another run recorded one of {@code skipped} since the plan
     */
    void recordUnloaded(String table, String runId, List<PlannedFile> skipped, List<PlannedFile> restamped);

    /**
     * Records the start of a run. A ledger that can tell live runs from dead ones (see
     * {@link #cleanUpAfterDeadRuns}) marks this run live until {@link #runFinished}.
     */
    void runStarted(String runId, String description);

    /**
     * Called after {@link #runStarted}: removes what runs that can be proven dead (killed, or cut off from the
     * database, before recording their end) left behind, such as staging tables, and records them as abandoned.
     * Never touches a live run's objects.
     *
     * @param runId the calling run, which is live
     * @return a note per run cleaned up, saying what was removed; empty when there was nothing to clean
     */
    default List<String> cleanUpAfterDeadRuns(String runId) {
        return List.of();
    }

    /**
     * Called before a table's load is tried again after a transient failure, which may have cost the run its
     * liveness (the connection holding it died): a ledger that keeps liveness renews it, so that no other run
     * takes the retry for a dead run's leftovers. Does not throw; what it cannot do now the retry meets anyway.
     */
    default void keepRunLive(String runId) {
    }

    /** Records the end of a run with its report; the run is no longer live, also when recording fails. */
    void runFinished(RunReport report);
}
