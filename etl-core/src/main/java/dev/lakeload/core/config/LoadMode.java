package dev.lakeload.core.config;

/**
 * How staged rows reach the main table. Only {@link #APPEND} exists so far; upsert, replace and change-data
 * apply come as further modes handled by the {@link dev.lakeload.core.promote.Promoter}.
 */
public enum LoadMode {
    /** Insert every staged row; existing rows are never touched. */
    APPEND
}
