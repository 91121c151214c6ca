package dev.lakeload.core.config;

/**
 * How staged rows reach the main table; each mode has its applier in the
 * {@link dev.lakeload.core.promote.Promoter}.
 */
public enum LoadMode {
    /** Insert every staged row; existing rows are never touched. */
    APPEND,
    /**
     * Merge on the primary key: the last staged row of a key (by file, then line) inserts it or updates it; rows
     * that would not change are left alone. Needs a primary key.
     */
    UPSERT,
    /**
     * Apply AWS DMS output so that the table equals the source: full-load rows insert, change rows ({@code Op}
     * {@code I}, {@code U}, {@code D}) insert, update or delete by the primary key, the last change of a key
     * (by file, then line) winning. Needs a primary key; see {@link CdcOptions} for the file layout.
     */
    CDC,
    /**
     * The table becomes exactly the rows of every file now under its prefix, whenever a file was added, rewritten
     * or removed since the last load; nothing happens otherwise. Its child tables are replaced with it.
     */
    REPLACE
}
