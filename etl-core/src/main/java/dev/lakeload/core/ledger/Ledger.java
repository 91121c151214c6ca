package dev.lakeload.core.ledger;

import dev.lakeload.core.pipeline.RunReport;
import java.util.Map;

/**
 * The record of what was loaded: files per table and runs. Files are recorded by the
 * {@link dev.lakeload.core.promote.Promoter} in the promotion's transaction; the ledger reads them and keeps the
 * run log. Thread-safe.
 */
public interface Ledger {
    /** Creates the ledger's tables when missing. Safe to call on every run and from concurrent runs. */
    void prepare();

    /** The files already loaded into {@code table}, by key. */
    Map<String, LoadedFile> loadedFiles(String table);

    /** Records the start of a run. */
    void runStarted(String runId, String description);

    /** Records the end of a run with its report. */
    void runFinished(RunReport report);
}
