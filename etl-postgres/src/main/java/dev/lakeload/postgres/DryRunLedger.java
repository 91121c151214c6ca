package dev.lakeload.postgres;

import dev.lakeload.core.ledger.Ledger;
import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.pipeline.PlannedFile;
import dev.lakeload.core.pipeline.RunReport;
import java.util.List;
import java.util.Map;

/**
 * The ledger of a dry run: reads what the real ledger holds, so that the run plans exactly what a real one would,
 * and records nothing, neither the run nor the files it decides not to load. The entries a promotion records go
 * through the promotion's own transaction, which a {@linkplain PostgresPromoter#rehearsing() rehearsing} promoter
 * rolls back. Thread-safe.
 */
final class DryRunLedger implements Ledger {
    private final Ledger ledger;

    DryRunLedger(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Prepares the real ledger: staging tables live in its schema (created, empty, on a first contact). */
    @Override
    public void prepare() {
        ledger.prepare();
    }

    @Override
    public Map<String, LedgerEntry> latestEntries(String table) {
        return ledger.latestEntries(table);
    }

    @Override
    public void recordUnloaded(String table, String runId, List<PlannedFile> skipped, List<PlannedFile> restamped) {
        // a dry run records nothing
    }

    @Override
    public void runStarted(String runId, String description) {
        // a dry run records nothing; no run cleans up after it, and its staging tables drop as it goes
    }

    @Override
    public void runFinished(RunReport report) {
        // a dry run records nothing
    }
}
