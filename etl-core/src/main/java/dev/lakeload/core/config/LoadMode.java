package dev.lakeload.core.config;

/**
 * How staged rows reach the main table; the {@link dev.lakeload.core.promote.Promoter} applies them.
 */
public enum LoadMode {
    /** Insert every staged row; existing rows are never touched. */
    APPEND,
    /**
     * Merge on the primary key: the last staged row of a key (by file, then line) inserts it or updates it; rows
     * that would not change are left alone. Needs a primary key.
     */
    UPSERT
}
