package dev.lakeload.core.pipeline;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.source.SourceFile;
import java.util.List;

/**
 * Hears what a {@link LoadPipeline} does, as it does it: the one event stream that progress displays, metrics,
 * reports and lineage are built on. Register listeners with {@link LoadPipeline#listening(LoadListener)}; every
 * method has an empty default, so a listener overrides only what it needs.
 *
 * <p>Order of events in a run: {@link #runStarted} once; for each table {@link #tableStarted} (again for each
 * retried attempt, whose counts start over), {@link #fileProgress} and {@link #fileStaged} for each file it
 * loads, {@link #rowsRejected} when its promotion rejected rows, then {@link #tableFinished} with the result that
 * the run's report holds; finally {@link #runFinished}. A table that ends before it is planned (another run holds
 * it, the ledger is unreachable) has only its {@code tableFinished}; a run that cannot start has only
 * {@code runFinished}, whose report fails every table.
 *
 * <p><b>Threads:</b> events of a table come from the thread that loads it, and tables may load on several
 * threads at once, so an implementation must be thread-safe. Events run on the loading thread: keep them quick
 * (hand slow work, such as network calls, to another thread). An exception a listener throws is logged and
 * otherwise ignored; it never fails a load, and the other listeners still hear the event.
 */
public interface LoadListener {
    /**
     * A run started: the ledger is ready and the tables are about to load.
     *
     * @param runId the run's id, also in the ledger and the report
     * @param tables the tables it loads, in order
     */
    default void runStarted(String runId, List<TableSpec> tables) {
    }

    /**
     * A table was planned and its new files are about to load.
     *
     * @param files how many files it loads (0 when it is up to date)
     * @param bytes their size as listed, in bytes as stored (compressed files by their compressed size)
     */
    default void tableStarted(String runId, TableSpec table, int files, long bytes) {
    }

    /**
     * A file is being read, every few thousand records: so far {@code rows} records from its first {@code bytes}
     * bytes (as stored). Counts of one file only; they grow until its {@link #fileStaged}.
     */
    default void fileProgress(String runId, String table, SourceFile file, long rows, long bytes) {
    }

    /**
     * A file was read to its end into staging (not yet promoted: the table can still fail).
     *
     * @param rows the records read from it
     * @param bytes its bytes as stored, all read
     */
    default void fileStaged(String runId, String table, SourceFile file, long rows, long bytes) {
    }

    /** The table's promotion put {@code rows} rows into {@code lakeload.rejects} (only when there were some). */
    default void rowsRejected(String runId, String table, long rows) {
    }

    /** A table ended, loaded or not: {@code result} is the one in the run's {@link RunReport}. */
    default void tableFinished(String runId, TableResult result) {
    }

    /** The run ended; the report holds every table's result, in order. */
    default void runFinished(RunReport report) {
    }
}
