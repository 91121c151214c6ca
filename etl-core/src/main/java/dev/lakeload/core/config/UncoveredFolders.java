package dev.lakeload.core.config;

/** What a run does about folders of the source that look like DMS tables and that no table loads. */
public enum UncoveredFolders {
    /** Noted in the summary and the report; the run's exit code does not change. */
    WARN,
    /** Noted, and the run fails (exit code 1) although every table loaded. */
    FAIL
}
