package dev.lakeload.core.pipeline;

import java.util.Locale;

/** How one table's load ended. Every table of every run ends in exactly one. */
public enum TableStatus {
    /** New files were loaded. */
    LOADED,
    /** There was nothing new to load. */
    UP_TO_DATE,
    /** Nothing was loaded; {@link TableResult#error()} says why. */
    FAILED;

    /** The name used in reports: {@code loaded}, {@code up_to_date}, {@code failed}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
