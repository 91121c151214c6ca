package dev.lakeload.core.pipeline;

import dev.lakeload.core.LakeloadException;
import dev.lakeload.core.config.TableSpec;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one run: one result per table, in manifest order.
 *
 * @param runId the run's id, also recorded in the ledger
 * @param startedAt when the run started
 * @param finishedAt when the last table ended
 * @param tables one result per table
 * @param notes things an operator should know about the run as a whole, such as what it cleaned up after runs
 *     that died
 */
public record RunReport(String runId, Instant startedAt, Instant finishedAt, List<TableResult> tables,
                        List<String> notes) {
    public RunReport {
        tables = List.copyOf(tables);
        notes = List.copyOf(notes);
    }

    /** A report without run notes. */
    public RunReport(String runId, Instant startedAt, Instant finishedAt, List<TableResult> tables) {
        this(runId, startedAt, finishedAt, tables, List.of());
    }

    /**
     * The report of a run that could not start (no source, no database, no ledger): every table failed with the
     * reason and its kind, so that even then each one has its reported outcome. The run gets a new id.
     */
    public static RunReport notStarted(List<TableSpec> tables, LakeloadException reason) {
        String error = "the run could not start: " + reason.getMessage();
        Instant now = Instant.now();
        return new RunReport(RunIds.next(), now, now, tables.stream()
                .map(table -> new TableResult(table.name(), TableStatus.FAILED, 0, 0, 0, 0, 0, error,
                        ErrorKind.of(reason), List.of()))
                .toList());
    }

    /** True when no table failed. */
    public boolean succeeded() {
        return tables.stream().noneMatch(t -> t.status() == TableStatus.FAILED);
    }
}
