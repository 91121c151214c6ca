package dev.lakeload.core.pipeline;

import dev.lakeload.core.LakeloadException;
import dev.lakeload.core.config.TableSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of one run: one result per table, in manifest order, and the source's folders that no table covers.
 *
 * @param runId the run's id, also recorded in the ledger
 * @param startedAt when the run started
 * @param finishedAt when the last table ended
 * @param tables one result per table
 * @param notes things an operator should know about the run as a whole, such as what it cleaned up after runs
 *     that died
 * @param uncovered folders that look like DMS tables and that no table loads (not ignored); empty when coverage
 *     was not checked
 * @param uncoveredFail whether uncovered folders fail the run ({@code uncoveredFolders: fail})
 */
public record RunReport(String runId, Instant startedAt, Instant finishedAt, List<TableResult> tables,
                        List<String> notes, List<UncoveredFolder> uncovered, boolean uncoveredFail) {
    public RunReport {
        tables = List.copyOf(tables);
        notes = List.copyOf(notes);
        uncovered = List.copyOf(uncovered);
    }

    /** A report without run notes and without a coverage check. */
    public RunReport(String runId, Instant startedAt, Instant finishedAt, List<TableResult> tables) {
        this(runId, startedAt, finishedAt, tables, List.of(), List.of(), false);
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

    /**
     * Why the run must not count as passed, one sentence each: failed tables, tables past their freshness
     * {@code errorAfter} (even when they loaded), uncovered folders under {@code uncoveredFolders: fail}. Empty
     * when it passed.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (TableResult table : tables) {
            if (table.status() == TableStatus.FAILED) {
                problems.add("table " + table.name() + " failed");
            }
            if (table.staleError()) {
                problems.add("table " + table.name() + " is stale: " + table.freshness().describe());
            }
        }
        if (uncoveredFail && !uncovered.isEmpty()) {
            problems.add(uncovered.size() + " folder(s) look like DMS tables and no table loads them: "
                    + uncovered.stream().map(UncoveredFolder::folder).collect(Collectors.joining(", "))
                    + " (uncoveredFolders: fail); add a table for each, or list them under ignore");
        }
        return problems;
    }

    /** True when the run has no {@linkplain #problems() problems}: what its exit code says. */
    public boolean passed() {
        return problems().isEmpty();
    }
}
