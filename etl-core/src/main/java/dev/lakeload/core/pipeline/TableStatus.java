package dev.lakeload.core.pipeline;

import java.util.Locale;

/** How one table's load ended. Every table of every run ends in exactly one. */
public enum TableStatus {
    /** New files were loaded. */
    LOADED,
    /** There was nothing new to load. */
    UP_TO_DATE,
    /** Nothing was loaded; {@link TableResult#error()} says why. */
    FAILED,
    /**
     * Another run held the table for longer than this run would wait, so this run left it to that one; not a
     * failure. A note names the run that held it.
     */
    BUSY;

    /** The name used in reports: {@code loaded}, {@code up_to_date}, {@code failed}, {@code busy}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
