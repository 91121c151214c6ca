package dev.lakeload.core.pipeline;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one run: one result per table, in manifest order.
 *
 * @param runId the run's id, also recorded in the ledger
 * @param startedAt when the run started
 * @param finishedAt when the last table ended
 * @param tables one result per table
 */
public record RunReport(String runId, Instant startedAt, Instant finishedAt, List<TableResult> tables) {
    public RunReport {
        tables = List.copyOf(tables);
    }

    /**
     * The report of a run that could not start (no database, no ledger): every table failed with the reason, so
     * that even then each one has its reported outcome.
     */
    public static RunReport notStarted(String runId, Instant startedAt, List<String> tables, String reason) {
        String error = "the run could not start: " + reason;
        return new RunReport(runId, startedAt, Instant.now(), tables.stream()
                .map(name -> new TableResult(name, TableStatus.FAILED, 0, 0, 0, 0, 0, error, List.of()))
                .toList());
    }

    /** True when no table failed. */
    public boolean succeeded() {
        return tables.stream().noneMatch(t -> t.status() == TableStatus.FAILED);
    }
}
