package dev.lakeload.core.config;

/**
 * Whether an {@code append} load may skip its staging table and {@code COPY} the rows straight into the target
 * table, inside the promotion's transaction (so the rows and the ledger entries still commit together, exactly
 * once); an {@code upsert} or {@code cdc} load, into a temporary table with the target's types that the same
 * transaction merges into the target. Staging costs a second write of every row and a second pass over it; the direct copy is the ceiling a
 * load can reach, next to {@code psql \copy} into the typed table.
 */
public enum DirectCopy {
    /**
     * Every load goes through an all-text staging table, then {@code INSERT ... SELECT} with casts.
     */
    NEVER,
    /**
     * An {@code append} table without transformers is copied straight into the target when its files' columns are
     * the table's (or the declared ones of a table to create) and the table has no rules. Any row that the direct
     * copy cannot take as the staging path would (a value that does not convert, a taken key, a NUL character, a
     * {@code timestamp} value with an offset) ends it: the transaction rolls back and the table is loaded through
     * staging, with the same rows and rejects as under {@link #NEVER}. The default: a clean load writes each row
     * once instead of twice. An {@code upsert} or {@code cdc} table under the same conditions (for {@code cdc}, files
     * that all carry {@code Op} or none) copies into a typed temporary table and merges from it with the mode's
     * statements; a row the merge refuses (NOT NULL, a CHECK, another unique key) also ends it.
     */
    AUTO
}
