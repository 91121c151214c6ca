package dev.lakeload.core.config;

/**
 * How staged rows reach the main table; each mode has its applier in the
 * {@link dev.lakeload.core.promote.Promoter}.
 */
public enum LoadMode {
    /** Insert every staged row; existing rows are never touched. */
    APPEND,
    /**
     * The table becomes exactly the rows of every file now under its prefix, whenever a file was added, rewritten
     * or removed since the last load; nothing happens otherwise. Its child tables are replaced with it.
     */
    REPLACE
}
