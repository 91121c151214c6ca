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

    /** True when no table failed. */
    public boolean succeeded() {
        return tables.stream().noneMatch(t -> t.status() == TableStatus.FAILED);
    }
}
