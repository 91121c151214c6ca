package dev.lakeload.core.pipeline;

import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;

/**
 * How a run shares its work: how many tables it loads at once, and whether its {@code append} and {@code cdc}
 * tables are split by file with the other runs (workers) on the same tables.
 *
 * <p>An {@code append} table splits whole: its rows depend on neither the order of the files nor the whole set, so
 * disjoint batches promoted one after the other give the same rows as one load. A {@code cdc} table splits its
 * full-load files only: within one full load each key appears once, so their batches commute
 * too, while its change files must apply in order after the whole full load, by one run at a time. An
 * {@code upsert} table keeps the last row of a key by file order across all its files, which batches staged apart
 * and promoted in whatever order they finish would break, and a {@code replace} table's rows are exactly its whole
 * set of files.
 *
 * @param tables how many tables a run loads at once, each on its own thread with its own connections (at least 1)
 * @param batchFiles how many files a run claims, stages and promotes at a time of a table that it splits with
 *     other runs; 0 to load each table whole under its claim
 */
public record Sharing(int tables, int batchFiles) {
    /** One table at a time, each loaded whole. */
    public static final Sharing NONE = new Sharing(1, 0);

    public Sharing {
        if (tables < 1) {
            throw new IllegalArgumentException("a run loads at least 1 table at a time (got " + tables + ")");
        }
        if (batchFiles < 0) {
            throw new IllegalArgumentException("files per batch cannot be negative (got " + batchFiles + ")");
        }
    }

    /** Whether {@code table} is split by file between the runs that load it. */
    public boolean splits(TableSpec table) {
        return batchFiles > 0 && (table.mode() == LoadMode.APPEND || table.mode() == LoadMode.CDC);
    }
}
