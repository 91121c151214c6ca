package dev.lakeload.core.pipeline;

import dev.lakeload.core.DataException;
import dev.lakeload.core.LakeloadException;
import dev.lakeload.core.RetriableException;
import dev.lakeload.core.WaitTimeoutException;
import dev.lakeload.core.config.CdcOptions;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.NulPolicy;
import dev.lakeload.core.config.RewritePolicy;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.config.UncoveredFolders;
import dev.lakeload.core.config.VanishedFiles;
import dev.lakeload.core.csv.CsvRowReader;
import dev.lakeload.core.csv.RawCsvSink;
import dev.lakeload.core.format.ReadResult;
import dev.lakeload.core.format.RowReader;
import dev.lakeload.core.ledger.Ledger;
import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.promote.PromotionResult;
import dev.lakeload.core.promote.Promoter;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;
import dev.lakeload.core.source.FileContent;
import dev.lakeload.core.source.HashingInputStream;
import dev.lakeload.core.source.Source;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.source.TableFiles;
import dev.lakeload.core.staging.StagedLoad;
import dev.lakeload.core.staging.StagingLoader;
import dev.lakeload.core.staging.StagingRequired;
import dev.lakeload.core.transform.TransformContext;
import dev.lakeload.core.transform.TransformerChain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
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
 * together with the ledger entries, drop staging. A table the staging loader can load directly
 * ({@link StagingLoader#openDirect}) is first loaded that way; when that load says it needs staging after all
 * ({@link StagingRequired}), nothing of it committed and the table is loaded through staging. A transient failure ({@link RetriableException}) loads the table
 * again from its plan, by the {@link RetryPolicy}; any other failure, and a bounded wait that ran out
 * ({@link WaitTimeoutException}), fails the table at once. A table that fails
 * does not stop the others; every table ends with a {@link TableResult}, which also says what an operator must
 * hear of although nothing failed: how old its newest file is ({@link FreshnessVerdict}, at the pipeline's
 * {@link Clock}), which loaded files vanished, how many records transformers dropped or merges absorbed. Before
 * the first table, the run cleans up after runs the ledger proves dead ({@link Ledger#cleanUpAfterDeadRuns}); a
 * run given a {@link Coverage} first lists the whole source for folders that look like DMS tables and that no
 * table loads.
 *
 * <p>Each table's load runs under a {@linkplain TableClaims claim}, taken before planning and released when the
 * table's result is known; a table another run holds for longer than the claims wait ends {@link TableStatus#BUSY}.
 *
 * <p>What it does, it tells its {@linkplain #listening listeners} as it goes ({@link LoadListener}): the run's
 * report is made of the same {@link TableResult}s their {@code tableFinished} hears.
 *
 * <p>How a run shares its work is its {@link Sharing}: by default one table at a time, each loaded whole. With more
 * tables at once, each loads on a thread of its own ({@link TableWorkers}), and the report keeps the tables' order.
 * Tables another run holds are passed over at first and visited again, waiting, after the others. An {@code append}
 * table split by file is claimed shared, and loaded in batches of files claimed one by one; so are a {@code cdc}
 * table's full-load files, and once they are all in, its change files are applied in one promotion by one run.
 *
 * <p>The pipeline does not own the parts it is given and closes none of them. Thread-safe as long as the parts
 * are (they are called from several threads at once when tables load in parallel).
 */
public final class LoadPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(LoadPipeline.class);
    /** Records between two {@link LoadListener#fileProgress} events: often enough for a live line, cheap. */
    private static final int PROGRESS_EVERY = 4096;

    private final Source source;
    private final StagingLoader stagingLoader;
    private final Promoter promoter;
    private final Ledger ledger;
    private final TableClaims claims;
    private final RetryPolicy retries;
    private final Clock clock;
    private final LoadListeners listeners;
    private final Sharing sharing;

    /** A pipeline that claims no tables ({@link TableClaims#NONE}) and retries by {@link RetryPolicy#DEFAULT}. */
    public LoadPipeline(Source source, StagingLoader stagingLoader, Promoter promoter, Ledger ledger) {
        this(source, stagingLoader, promoter, ledger, TableClaims.NONE);
    }

    /** A pipeline that claims each table by {@code claims} and retries by {@link RetryPolicy#DEFAULT}. */
    public LoadPipeline(Source source, StagingLoader stagingLoader, Promoter promoter, Ledger ledger,
                        TableClaims claims) {
        this(source, stagingLoader, promoter, ledger, claims, RetryPolicy.DEFAULT, Clock.systemUTC(),
                LoadListeners.NONE, Sharing.NONE);
    }

    private LoadPipeline(Source source, StagingLoader stagingLoader, Promoter promoter, Ledger ledger,
                         TableClaims claims, RetryPolicy retries, Clock clock, LoadListeners listeners,
                         Sharing sharing) {
        this.source = Objects.requireNonNull(source, "source");
        this.stagingLoader = Objects.requireNonNull(stagingLoader, "stagingLoader");
        this.promoter = Objects.requireNonNull(promoter, "promoter");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.claims = Objects.requireNonNull(claims, "claims");
        this.retries = Objects.requireNonNull(retries, "retries");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listeners = listeners;
        this.sharing = Objects.requireNonNull(sharing, "sharing");
    }

    /** This pipeline with another retry policy. */
    public LoadPipeline retrying(RetryPolicy policy) {
        return new LoadPipeline(source, stagingLoader, promoter, ledger, claims, policy, clock, listeners, sharing);
    }

    /** This pipeline judging the {@linkplain TableSpec#freshness() freshness} of tables at {@code now}'s time. */
    public LoadPipeline withClock(Clock now) {
        return new LoadPipeline(source, stagingLoader, promoter, ledger, claims, retries, now, listeners, sharing);
    }

    /**
     * This pipeline telling {@code listener} what it does, after the listeners it has already; see
     * {@link LoadListener} for the events, their order and threads.
     */
    public LoadPipeline listening(LoadListener listener) {
        return new LoadPipeline(source, stagingLoader, promoter, ledger, claims, retries, clock,
                listeners.and(Objects.requireNonNull(listener, "listener")), sharing);
    }

    /** This pipeline sharing the work as {@code how} says: tables loaded at once, files per batch of a split. */
    public LoadPipeline sharing(Sharing how) {
        return new LoadPipeline(source, stagingLoader, promoter, ledger, claims, retries, clock, listeners, how);
    }

    /** Loads every table, without a coverage check; see {@link #run(List, Coverage)}. */
    public RunReport run(List<TableSpec> tables) {
        return run(tables, null);
    }

    /**
     * Loads every table and records the run in the ledger. Never throws for a table's failure; when the run cannot
     * start (the ledger cannot be prepared), every table fails with the reason ({@link RunReport#notStarted}).
     *
     * @param coverage which folders of the source the run looks for uncovered DMS tables in; null for none
     */
    public RunReport run(List<TableSpec> tables, Coverage coverage) {
        String runId = RunIds.next();
        Instant started = Instant.now();
        try {
            ledger.prepare();
            ledger.runStarted(runId, source.describe());
        } catch (LakeloadException e) {
            // Without a ledger nothing can load safely, but every table still gets its reported outcome.
            RunReport report = RunReport.notStarted(tables, e);
            LOG.error("run {} cannot start: {}", report.runId(), e.getMessage());
            listeners.runFinished(report);
            return report;
        }
        listeners.runStarted(runId, tables);
        List<String> notes = new ArrayList<>();
        try {
            notes.addAll(ledger.cleanUpAfterDeadRuns(runId));
        } catch (LakeloadException e) {
            // Leftovers of dead runs take space but harm no load; the next run tries again.
            LOG.warn("run {} could not clean up after dead runs: {}", runId, e.getMessage());
            notes.add("could not clean up after dead runs (the next run tries again): " + e.getMessage());
        }
        List<UncoveredFolder> uncovered = coverage == null ? List.of() : uncovered(coverage);
        List<TableResult> results = new TableWorkers(sharing.tables()).loadAll(tables,
                (table, wait) -> loadTable(table, runId, wait));
        RunReport report = new RunReport(runId, started, Instant.now(), results, notes, uncovered,
                coverage != null && coverage.policy() == UncoveredFolders.FAIL);
        try {
            ledger.runFinished(report);
        } catch (LakeloadException e) {
            // The tables' own outcomes are committed already; only the run log entry is missing.
            LOG.error("run {} finished but could not be recorded in lakeload.runs: {}", runId, e.getMessage());
        }
        listeners.runFinished(report);
        return report;
    }

    private List<UncoveredFolder> uncovered(Coverage coverage) {
        try {
            List<UncoveredFolder> found = coverage.uncovered(source);
            found.forEach(f -> LOG.info("folder {} holds {} DMS file(s) and no table loads it", f.folder(),
                    f.files()));
            return found;
        } catch (LakeloadException | UncheckedIOException e) {
            // The tables list the same source next and report the failure each.
            LOG.error("cannot list {} to look for folders no table loads: {}", source.describe(), e.getMessage());
            return List.of();
        }
    }

    /**
     * Plans a table's next load without loading or recording anything; files whose stamps changed since the
     * ledger's entries are read to compare their content.
     */
    public TablePlan plan(TableSpec table) {
        return TablePlan.of(table, source, ledger.latestEntries(table.name()));
    }

    /**
     * Loads one table as part of run {@code runId}, retrying transient failures; the ledger must be
     * {@linkplain Ledger#prepare() prepared}.
     */
    public TableResult loadTable(TableSpec table, String runId) {
        return loadTable(table, runId, true);
    }

    /**
     * @param awaitHolder whether to wait for a table another run holds, within the claims' bound, or leave it at
     *     once
     */
    private TableResult loadTable(TableSpec table, String runId, boolean awaitHolder) {
        TableResult result = attempts(table, runId, awaitHolder);
        listeners.tableFinished(runId, result);
        return result;
    }

    private TableResult attempts(TableSpec table, String runId, boolean awaitHolder) {
        boolean split = sharing.splits(table);
        long start = System.nanoTime();
        List<String> retryNotes = new ArrayList<>();
        for (int number = 1; ; number++) {
            // A fresh attempt claims and plans again: what a failed attempt committed (its commit's answer lost
            // with the connection) is in the ledger now, so it is not loaded twice.
            Attempt attempt = new Attempt(table, runId, retryNotes);
            TableClaims.Claim claim = null;
            try {
                claim = split ? claims.claimShared(table, runId)
                        : awaitHolder ? claims.claim(table, runId) : claims.tryClaim(table, runId);
                try (TableClaims.Claim held = claim) {
                    if (held.heldBy() != null) {
                        if (awaitHolder) {
                            LOG.warn("table {}: not loaded: {}", table.name(), held.heldBy());
                        } else {
                            // Not final: the run comes back to the table after the others (TableWorkers), waiting.
                            LOG.info("table {}: {}; back to it after the other tables", table.name(), held.heldBy());
                        }
                        return attempt.busy(held.heldBy(), start);
                    }
                    return attempt.run(split ? held : null, start);
                }
            } catch (RetriableException e) {
                String error = e.getMessage() + explain(claim, e);
                Duration wait = retries.backoffAfter(number);
                if (e instanceof WaitTimeoutException || number >= retries.attempts() || !pause(wait)) {
                    LOG.error("table {} failed after {} attempt(s): {}", table.name(), number, error);
                    return attempt.failed(e, error + (number > 1 ? " (after " + number + " attempts)" : ""),
                            start);
                }
                LOG.warn("table {}: attempt {} failed, retrying in {} ms: {}", table.name(), number,
                        wait.toMillis(), error);
                retryNotes.add("attempt " + number + " failed (" + error + "); loaded again after "
                        + wait.toMillis() + " ms");
                ledger.keepRunLive(runId);
            } catch (LakeloadException | UncheckedIOException | IllegalArgumentException e) {
                String error = e.getMessage() + explain(claim, e);
                LOG.error("table {} failed: {}", table.name(), error);
                LOG.debug("table {} failure", table.name(), e);
                return attempt.failed(e, error, start);
            } catch (RuntimeException e) {
                // An unexpected error in a transformer or driver still ends as a reported failure of this table.
                LOG.error("table {} failed unexpectedly", table.name(), e);
                return attempt.failed(e, e.getClass().getSimpleName() + ": " + e.getMessage(), start);
            }
        }
    }

    /** What the table's claim saw its load wait on, when the failure came from that wait; empty otherwise. */
    private static String explain(TableClaims.Claim claim, RuntimeException failure) {
        return claim == null ? "" : claim.explain(failure);
    }

    /** Waits before a retry; false when interrupted (the interrupt stays set, and the table fails). */
    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The state of one attempt at a table's load, so that a failure still reports what was seen. */
    private final class Attempt {
        private final TableSpec table;
        private final String runId;
        private final List<String> notes;
        private int files;
        private long bytes;
        private long rowsRead;
        private long rowsDropped;
        /** Rows loaded and rejected by the promotions of a table split by file, one per batch. */
        private long splitLoaded;
        private long splitRejected;
        private FreshnessVerdict freshness;
        private List<VanishedFile> vanished = List.of();

        /** @param earlier notes of the table's earlier attempts (their retries), kept in front of this one's */
        Attempt(TableSpec table, String runId, List<String> earlier) {
            this.table = table;
            this.runId = runId;
            this.notes = new ArrayList<>(earlier);
        }

        /** @param split the table's shared claim, to claim its files by, when it is split by file; else null */
        TableResult run(TableClaims.Claim split, long start) {
            TablePlan plan = plan(table);
            files = plan.toLoad().size();
            bytes = plan.toLoad().stream().mapToLong(f -> f.file().size()).sum();
            LOG.debug("table {}: {} file(s) listed, {} to load ({} bytes)", table.name(), plan.files().size(), files,
                    bytes);
            listeners.tableStarted(runId, table, files, bytes);
            if (table.freshness() != null) {
                freshness = FreshnessVerdict.of(table.freshness(), plan.files().stream().map(PlannedFile::file)
                        .toList(), TableFiles.asFolder(table.from()), clock.instant());
            }
            vanished = plan.vanished().stream().map(e -> new VanishedFile(e.key(), e.recordedAt(), e.runId()))
                    .toList();
            checkVanished(plan);
            String empty = plan.empty().stream().map(SourceFile::key).collect(Collectors.joining(", "));
            if (plan.files().isEmpty() && vanished.isEmpty() && !table.allowEmpty()) {
                throw new DataException(null, 0, null, "no files " + (empty.isEmpty() ? "" : "with content ")
                        + "under '" + table.from() + "' in " + source.describe() + (empty.isEmpty() ? ""
                        : ", only empty ones (" + empty + ")") + " (DMS writes no folder for an empty or stopped "
                        + "table; set allowEmpty: true if this table may be empty)");
            }
            if (!empty.isEmpty()) {
                notes.add("empty, no rows to load, not recorded (loaded once they have content): " + empty);
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
                lateChanges(plan);
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
                return result(TableStatus.UP_TO_DATE, 0, 0, 0, start);
            }
            if (split != null) {
                return loadSplit(plan, split, runId, start);
            }
            Optional<StagedLoad> direct = stagingLoader.openDirect(table, runId);
            if (direct.isPresent()) {
                int notesBefore = notes.size();
                try {
                    return loaded(stageAndPromote(direct.get(), plan.toLoad(), runId, start), start);
                } catch (StagingRequired e) {
                    // Nothing of the direct load committed: staging reads the files again, so its counts, notes
                    // and rejects are those of a load that never tried the direct copy.
                    notes.subList(notesBefore, notes.size()).clear();
                    rowsRead = 0;
                    rowsDropped = 0;
                    LOG.info("table {}: loading through staging: {}", table.name(), e.getMessage());
                    // As for a retried attempt: progress counts start over rather than add the files read twice.
                    listeners.tableStarted(runId, table, files, bytes);
                }
            }
            return loaded(stageAndPromote(stagingLoader.open(table, runId), plan.toLoad(), runId, start), start);
        }

        private TableResult loaded(PromotionResult promoted, long start) {
            return result(TableStatus.LOADED, promoted.rowsLoaded(), promoted.rowsRejected(), promoted.rowsMerged(),
                    start);
        }

        /**
         * Loads the files of a table split by file: its {@linkplain SplitFiles#shared shared} files in batches of
         * the files no other run holds, each batch claimed, checked against the ledger again (another run may have
         * loaded a file since the plan), staged and promoted, then released; until no file is left that this run
         * can claim. Files other runs still hold are theirs to load: noted. Then its {@linkplain
         * SplitFiles#ordered ordered} files ({@link #loadOrdered}). The table is {@link TableStatus#BUSY} when this
         * run left files to others and loaded none.
         */
        private TableResult loadSplit(TablePlan plan, TableClaims.Claim split, String runId, long start) {
            SplitFiles parts = SplitFiles.of(table.mode(), plan.toLoad());
            List<PlannedFile> left = new ArrayList<>(parts.shared());
            files = 0;
            while (true) {
                List<PlannedFile> batch = new ArrayList<>();
                for (var it = left.iterator(); it.hasNext() && batch.size() < sharing.batchFiles(); ) {
                    PlannedFile file = it.next();
                    if (split.tryClaimFile(file.file())) {
                        batch.add(file);
                        it.remove();
                    }
                }
                if (batch.isEmpty()) {
                    break;
                }
                try {
                    promoteSplit(SplitFiles.unrecorded(batch, ledger.latestEntries(table.name())), runId, start);
                } finally {
                    split.releaseFiles();
                }
            }
            if (!left.isEmpty()) {
                // A backfill leaves thousands: the count and the first say enough.
                notes.add(left.size() + " file(s) left to the other runs loading them (split by file), from "
                        + left.get(0).file().key() + (left.size() > 1 ? " on" : ""));
            }
            boolean leftOrdered = !parts.ordered().isEmpty()
                    && !loadOrdered(parts, left, plan.newestChange(), split, runId, start);
            if (files == 0 && (!left.isEmpty() || leftOrdered)) {
                return result(TableStatus.BUSY, 0, 0, 0, start);
            }
            return result(files == 0 ? TableStatus.UP_TO_DATE : TableStatus.LOADED, splitLoaded, splitRejected, 0,
                    start);
        }

        /**
         * Applies the {@linkplain SplitFiles#ordered ordered} files of a split table (a {@code cdc} table's change
         * files), all in load order in one promotion, once no shared file is left unrecorded by any run, under the
         * table's claim on its ordered files so that no two runs apply them at once. Otherwise notes why they wait:
         * the run that records the last full-load file applies them, else the next run.
         *
         * @param leftShared the shared files this run left to the other runs that held them
         * @param plannedNewest the newest change file recorded when this run planned the table
         * @return whether this run applied them
         */
        private boolean loadOrdered(SplitFiles parts, List<PlannedFile> leftShared, LedgerEntry plannedNewest,
                                    TableClaims.Claim split, String runId, long start) {
            List<PlannedFile> ordered = parts.ordered();
            // Read after this run's own last commit: of runs finishing their batches at once, the last to commit
            // sees every other's full-load files recorded.
            List<PlannedFile> waitFor = SplitFiles.unrecorded(leftShared, ledger.latestEntries(table.name()));
            if (!waitFor.isEmpty()) {
                notes.add(ordered.size() + " change file(s) wait until every full-load file is loaded, "
                        + waitFor.size() + " still held by other runs (from " + waitFor.get(0).file().key()
                        + "): the run that loads the last applies them, else the next run");
                return false;
            }
            if (!split.tryClaimOrdered()) {
                notes.add(ordered.size() + " change file(s) left to another run applying this table's change "
                        + "files now");
                return false;
            }
            try {
                if (parts.orderedRecordedSince(plannedNewest, ledger.latestEntries(table.name()))) {
                    notes.add("another run applied change files since this run planned the table; the next run "
                            + "applies what is still new");
                    return false;
                }
                promoteSplit(ordered, runId, start);
                return true;
            } finally {
                split.releaseFiles();
            }
        }

        /** Stages and promotes {@code files} of a split table, if any, adding them to what this attempt loaded. */
        private void promoteSplit(List<PlannedFile> files, String runId, long start) {
            if (files.isEmpty()) {
                return;
            }
            PromotionResult promoted = stageAndPromote(stagingLoader.open(table, runId), files, runId, start);
            this.files += files.size();
            splitLoaded += promoted.rowsLoaded();
            splitRejected += promoted.rowsRejected();
        }

        /** Stages {@code toLoad} in load order into {@code opened}, then promotes them in one transaction. */
        private PromotionResult stageAndPromote(StagedLoad opened, List<PlannedFile> toLoad, String runId,
                                                long start) {
            TransformerChain chain = new TransformerChain(table.newTransformers());
            try (StagedLoad staged = opened) {
                // Only transformers read the target's columns; a plain table spares the catalog query.
                chain.begin(new TransformContext(table.name(), table.primaryKey(),
                        table.transformers().isEmpty() ? Map.of() : promoter.existingColumns(table)));
                ReachedRecords reached = new ReachedRecords(staged);
                RowSink input = chain.into(reached);
                for (PlannedFile planned : toLoad) {
                    staged.beginFile(planned.file(), planned.previous());
                    reached.beginFile();
                    // Files of one table may differ in their fields: DMS full-load files have no Op by default.
                    String relativeKey = planned.file().key().substring(TableFiles.asFolder(table.from()).length());
                    RowReader reader = table.format().reader(table.fieldNames(relativeKey), table.schemaEvolution());
                    readFile(reader, planned.file(), input, staged, reached);
                }
                chain.end(reached);
                staged.finish();
                LOG.info("table {}: staged {} row(s) from {} file(s) in {} s", table.name(), rowsRead,
                        toLoad.size(), String.format(Locale.ROOT, "%.2f", seconds(start)));
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
                if (promoted.rowsRejected() > 0) {
                    listeners.rowsRejected(runId, table.name(), promoted.rowsRejected());
                }
                LOG.info("table {}: {} file(s), {} row(s) read, {} loaded, {} rejected, {} dropped, {} merged",
                        table.name(), toLoad.size(), rowsRead, promoted.rowsLoaded(), promoted.rowsRejected(),
                        rowsDropped, promoted.rowsMerged());
                return promoted;
            }
        }

        /**
         * Fails the table for vanished files under {@code vanishedFiles: fail}, and a {@code replace} table whose
         * every file vanished unless {@code vanishedFiles: remove}.
         */
        private void checkVanished(TablePlan plan) {
            if (vanished.isEmpty()) {
                return;
            }
            String list = vanished.stream().map(VanishedFile::describe).collect(Collectors.joining(", "));
            if (table.vanishedFiles() == VanishedFiles.FAIL) {
                throw new DataException(null, 0, null, vanished.size() + " loaded file(s) are no longer in "
                        + source.describe() + ": " + list + "; nothing was loaded (vanishedFiles: fail). DMS deletes "
                        + "a table's folder when the source table is truncated: check the source, then set "
                        + "vanishedFiles: warn to load on and only report them");
            }
            if (table.mode() == LoadMode.REPLACE && plan.files().isEmpty()
                    && table.vanishedFiles() != VanishedFiles.REMOVE) {
                throw new DataException(null, 0, null, "every file of this replace table is gone from "
                        + source.describe() + " (" + list + "); its rows were kept, since an empty listing is as "
                        + "likely a wrong prefix or a lost permission as an emptied source table. If the source "
                        + "table was emptied, set vanishedFiles: remove to empty this table too");
            }
        }

        /**
         * Fails the table, or notes under {@code cdc.lateChangeFiles: apply}, when a new change file is older than
         * one already loaded: applied now, its changes would land after newer ones.
         */
        private void lateChanges(TablePlan plan) {
            List<PlannedFile> late = plan.lateChanges();
            if (late.isEmpty()) {
                return;
            }
            LedgerEntry newest = plan.newestChange();
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
        private void readFile(RowReader reader, SourceFile file, RowSink input, StagedLoad staged,
                              ReachedRecords reached) {
            try (InputStream stored = source.open(file)) {
                HashingInputStream raw = new HashingInputStream(stored);
                ReadResult read;
                try (InputStream in = table.format().compression().decompress(raw, file.key())) {
                    long[] rows = {0};
                    Consumer<Row> counted = row -> {
                        input.accept(row);
                        if (++rows[0] % PROGRESS_EVERY == 0) {
                            listeners.fileProgress(runId, table.name(), file, rows[0], raw.bytesRead());
                        }
                    };
                    // Without transformers the database may parse the records itself, as they are.
                    read = staged instanceof RawCsvSink sink && reader instanceof CsvRowReader csv
                            && table.transformers().isEmpty()
                            ? csv.read(in, file.key(), new RawProgress(sink, reached, count -> {
                                rows[0] += count;
                                listeners.fileProgress(runId, table.name(), file, rows[0], raw.bytesRead());
                            }), counted)
                            : reader.read(in, file.key(), counted);
                }
                notes.addAll(read.notes());
                rowsRead += read.rows();
                // A transformer may drop records on purpose (a filter): counted, so that the promotion can check
                // that every other record reached the database.
                long dropped = Math.max(0, read.rows() - reached.count());
                rowsDropped += dropped;
                // The ledger records a hash of every stored byte, also of those a decompressor leaves unread.
                FileContent content = raw.finish();
                staged.endFile(read.rows(), dropped, content);
                LOG.debug("table {}: staged {}: {} record(s), {} byte(s)", table.name(), file.key(), read.rows(),
                        content.bytes());
                listeners.fileStaged(runId, table.name(), file, read.rows(), content.bytes());
            } catch (IOException e) {
                throw new UncheckedIOException(file.key() + ": " + e.getMessage(), e);
            }
        }

        TableResult failed(RuntimeException failure, String error, long start) {
            return new TableResult(table.name(), TableStatus.FAILED, files, rowsRead, 0, 0, seconds(start),
                    error, ErrorKind.of(failure), notes, rowsDropped, 0, freshness, vanished);
        }

        TableResult busy(String heldBy, long start) {
            notes.add("not loaded: " + heldBy + "; the next run loads what is still new");
            return result(TableStatus.BUSY, 0, 0, 0, start);
        }

        private TableResult result(TableStatus status, long loaded, long rejected, long merged, long start) {
            return new TableResult(table.name(), status, files, rowsRead, loaded, rejected, seconds(start), null,
                    null, notes, rowsDropped, merged, freshness, vanished);
        }

        private double seconds(long start) {
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static String keys(List<PlannedFile> files) {
        return files.stream().map(f -> f.file().key()).collect(Collectors.joining(", "));
    }
}
