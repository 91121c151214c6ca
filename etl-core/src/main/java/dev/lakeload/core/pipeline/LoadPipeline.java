package dev.lakeload.core.pipeline;

import dev.lakeload.core.DataException;
import dev.lakeload.core.LakeloadException;
import dev.lakeload.core.config.CdcOptions;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.NulPolicy;
import dev.lakeload.core.config.RewritePolicy;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.format.ReadResult;
import dev.lakeload.core.format.RowReader;
import dev.lakeload.core.ledger.Ledger;
import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.promote.PromotionResult;
import dev.lakeload.core.promote.Promoter;
import dev.lakeload.core.row.RowSink;
import dev.lakeload.core.source.HashingInputStream;
import dev.lakeload.core.source.Source;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.source.TableFiles;
import dev.lakeload.core.staging.StagedLoad;
import dev.lakeload.core.staging.StagingLoader;
import dev.lakeload.core.transform.TransformContext;
import dev.lakeload.core.transform.TransformerChain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads tables from a {@link Source} into a database, one table at a time, each in its own transaction.
 *
 * <p>For each table: list its files and {@linkplain TablePlan plan} them against the ledger (files rewritten in
 * place fail the table, or are recorded as skipped, by its policy), stream the files to load in load order through
 * the reader of the table's {@linkplain dev.lakeload.core.format.FileFormat file format} and its transformers into
 * staging, hashing their bytes on the way, promote staging into the main table
 * together with the ledger entries, drop staging. A table that fails does not stop the others; every table ends
 * with a {@link TableResult}.
 *
 * <p>The pipeline does not own the parts it is given and closes none of them. Thread-safe as long as the parts
 * are; a single {@link #run} call loads its tables sequentially.
 */
public final class LoadPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(LoadPipeline.class);

    private final Source source;
    private final StagingLoader stagingLoader;
    private final Promoter promoter;
    private final Ledger ledger;

    public LoadPipeline(Source source, StagingLoader stagingLoader, Promoter promoter, Ledger ledger) {
        this.source = Objects.requireNonNull(source, "source");
        this.stagingLoader = Objects.requireNonNull(stagingLoader, "stagingLoader");
        this.promoter = Objects.requireNonNull(promoter, "promoter");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * Loads every table and records the run in the ledger. Never throws for a table's failure; when the run cannot
     * start (the ledger cannot be prepared), every table fails with the reason ({@link RunReport#notStarted}).
     */
    public RunReport run(List<TableSpec> tables) {
        String runId = RunIds.next();
        Instant started = Instant.now();
        try {
            ledger.prepare();
            ledger.runStarted(runId, source.describe());
        } catch (LakeloadException e) {
            // Without a ledger nothing can load safely, but every table still gets its reported outcome.
            RunReport report = RunReport.notStarted(tables, e);
            LOG.error("run {} cannot start: {}", report.runId(), e.getMessage());
            return report;
        }
        List<TableResult> results = new ArrayList<>();
        for (TableSpec table : tables) {
            results.add(loadTable(table, runId));
        }
        RunReport report = new RunReport(runId, started, Instant.now(), results);
        try {
            ledger.runFinished(report);
        } catch (LakeloadException e) {
            // The tables' own outcomes are committed already; only the run log entry is missing.
            LOG.error("run {} finished but could not be recorded in lakeload.runs: {}", runId, e.getMessage());
        }
        return report;
    }

    /**
     * Plans a table's next load without loading or recording anything; files whose stamps changed since the
     * ledger's entries are read to compare their content.
     */
    public TablePlan plan(TableSpec table) {
        return TablePlan.of(table, source, ledger.latestEntries(table.name()));
    }

    /** Loads one table as part of run {@code runId}; the ledger must be {@linkplain Ledger#prepare() prepared}. */
    public TableResult loadTable(TableSpec table, String runId) {
        long start = System.nanoTime();
        Attempt attempt = new Attempt(table);
        try {
            return attempt.run(runId, start);
        } catch (LakeloadException | UncheckedIOException | IllegalArgumentException e) {
            LOG.error("table {} failed: {}", table.name(), e.getMessage());
            LOG.debug("table {} failure", table.name(), e);
            return attempt.failed(e, e.getMessage(), start);
        } catch (RuntimeException e) {
            // An unexpected error in a transformer or driver still ends as a reported failure of this table.
            LOG.error("table {} failed unexpectedly", table.name(), e);
            return attempt.failed(e, e.getClass().getSimpleName() + ": " + e.getMessage(), start);
        }
    }

    /** The state of one table's load, so that a failure still reports what was seen. */
    private final class Attempt {
        private final TableSpec table;
        private final List<String> notes = new ArrayList<>();
        private int files;
        private long rowsRead;

        Attempt(TableSpec table) {
            this.table = table;
        }

        TableResult run(String runId, long start) {
            Map<String, LedgerEntry> latest = ledger.latestEntries(table.name());
            TablePlan plan = TablePlan.of(table, source, latest);
            files = plan.toLoad().size();
            if (plan.files().isEmpty() && !table.allowEmpty()) {
                throw new DataException(null, 0, null, "no files under '" + table.from() + "' in "
                        + source.describe() + " (DMS writes no folder for an empty or stopped table; set "
                        + "allowEmpty: true if this table may be empty)");
            }
            boolean replace = table.mode() == LoadMode.REPLACE;
            List<PlannedFile> rewritten = plan.in(FileState.REWRITTEN);
            if (replace) {
                // A replace table reloads from all its files, so a rewritten file is just one more reason to.
                if (!rewritten.isEmpty()) {
                    notes.add("rewritten since loaded: " + keys(rewritten));
                }
                if (!plan.removed().isEmpty()) {
                    notes.add("no longer listed, rows removed: " + plan.removed().stream().map(LedgerEntry::key)
                            .collect(Collectors.joining(", ")));
                }
            } else if (!rewritten.isEmpty()) {
                if (table.rewritePolicy() == RewritePolicy.FAIL) {
                    throw new DataException(null, 0, null, rewritten.size() + " loaded file(s) were rewritten in "
                            + "place since (their content differs from what was loaded): " + keys(rewritten)
                            + "; nothing was loaded, to avoid adding their rows twice. Set rewrittenFiles: load "
                            + "(load the new content too) or skip (keep what was loaded)");
                }
                notes.add("rewritten since loaded (" + table.rewritePolicy().name().toLowerCase(Locale.ROOT)
                        + "): " + keys(rewritten));
            }
            if (table.mode() == LoadMode.CDC) {
                lateChanges(plan, latest.values());
            }
            List<PlannedFile> touched = plan.restamped().stream().filter(PlannedFile::touched).toList();
            if (!touched.isEmpty()) {
                notes.add("touched since recorded, same content (by SHA-256), not loaded again: " + keys(touched));
            }
            List<PlannedFile> skipped = !replace && table.rewritePolicy() == RewritePolicy.SKIP ? rewritten
                    : List.of();
            if (!skipped.isEmpty() || !plan.restamped().isEmpty()) {
                ledger.recordUnloaded(table.name(), runId, skipped, plan.restamped());
            }
            if (!plan.changed()) {
                return result(TableStatus.UP_TO_DATE, 0, 0, start);
            }
            TransformerChain chain = new TransformerChain(table.transformers());
            try (StagedLoad staged = stagingLoader.open(table, runId)) {
                // Only transformers read the target's columns; a plain table spares the catalog query.
                chain.begin(new TransformContext(table.name(), table.primaryKey(),
                        table.transformers().isEmpty() ? Map.of() : promoter.existingColumns(table)));
                RowSink input = chain.into(staged);
                for (PlannedFile planned : plan.toLoad()) {
                    staged.beginFile(planned.file(), planned.previous());
                    // Files of one table may differ in their fields: DMS full-load files have no Op by default.
                    String relativeKey = planned.file().key().substring(TableFiles.asFolder(table.from()).length());
                    RowReader reader = table.format().reader(table.fieldNames(relativeKey), table.schemaEvolution());
                    readFile(reader, planned.file(), input, staged);
                }
                chain.end(staged);
                staged.finish();
                LOG.info("table {}: staged {} row(s) from {} file(s) in {} s", table.name(), rowsRead, files,
                        String.format(Locale.ROOT, "%.2f", seconds(start)));
                if (staged.cleanedValues() > 0) {
                    notes.add(staged.cleanedValues() + " value(s) had NUL characters "
                            + (table.nulPolicy() == NulPolicy.STRIP ? "removed" : "replaced"));
                }
                PromotionResult promoted = promoter.promote(table, staged, runId);
                promoted.tablesCreated().forEach(t -> notes.add("created table " + t));
                promoted.columnsAdded().forEach(c -> notes.add("added column " + c));
                promoted.columnsIgnored().forEach(c -> notes.add("ignored column " + c
                        + ": the files have it, the table does not (schemaEvolution: ignore)"));
                notes.addAll(promoted.notes());
                LOG.info("table {}: {} file(s), {} row(s) read, {} loaded, {} rejected", table.name(), files,
                        rowsRead, promoted.rowsLoaded(), promoted.rowsRejected());
                return result(TableStatus.LOADED, promoted.rowsLoaded(), promoted.rowsRejected(), start);
            }
        }

        /**
         * Fails the table, or notes under {@code cdc.lateChangeFiles: apply}, when a new change file is older than
         * one already loaded: applied now, its changes would land after newer ones.
         */
        private void lateChanges(TablePlan plan, Collection<LedgerEntry> recorded) {
            List<PlannedFile> late = plan.lateChanges(recorded);
            if (late.isEmpty()) {
                return;
            }
            LedgerEntry newest = TablePlan.newestChange(recorded).orElseThrow();
            String what = late.size() + " new change file(s) older than " + newest.key() + ", which run "
                    + newest.runId() + " loaded already: " + keys(late);
            if (table.cdc().lateChangeFiles() == CdcOptions.LateChangeFiles.FAIL) {
                throw new DataException(null, 0, null, what + ". DMS wrote them late (a "
                        + "delayed upload or a restarted task), and applied now their changes would land after newer "
                        + "ones, bringing back old values or deleted rows, so nothing was loaded. Apply them anyway "
                        + "with cdc.lateChangeFiles: apply when no later file changes their keys, leave them out "
                        + "with exclude, or reload the table from a new full load");
            }
            notes.add(what + "; applied after the newer ones (cdc.lateChangeFiles: apply)");
        }

        /** Reads one file into staging and ends it there with what was read. */
        private void readFile(RowReader reader, SourceFile file, RowSink input, StagedLoad staged) {
            try (InputStream stored = source.open(file)) {
                HashingInputStream raw = new HashingInputStream(stored);
                ReadResult read;
                try (InputStream in = table.format().compression().decompress(raw, file.key())) {
                    read = reader.read(in, file.key(), input::accept);
                }
                notes.addAll(read.notes());
                rowsRead += read.rows();
                // The ledger records a hash of every stored byte, also of those a decompressor leaves unread.
                staged.endFile(read.rows(), raw.finish());
            } catch (IOException e) {
                throw new UncheckedIOException(file.key() + ": " + e.getMessage(), e);
            }
        }

        TableResult failed(RuntimeException failure, String error, long start) {
            return new TableResult(table.name(), TableStatus.FAILED, files, rowsRead, 0, 0, seconds(start),
                    error, ErrorKind.of(failure), notes);
        }

        private TableResult result(TableStatus status, long loaded, long rejected, long start) {
            return new TableResult(table.name(), status, files, rowsRead, loaded, rejected, seconds(start), null,
                    null, notes);
        }

        private double seconds(long start) {
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static String keys(List<PlannedFile> files) {
        return files.stream().map(f -> f.file().key()).collect(Collectors.joining(", "));
    }
}
