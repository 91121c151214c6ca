package dev.lakeload.postgres;

import java.time.Instant;
import java.util.Objects;

/**
 * A rejected row as {@code lakeload.rejects} records it ({@link PostgresLedger#rejects}). Immutable.
 *
 * @param table the table (unqualified) it was meant for: the manifest's table or one of its child tables
 *     ({@code <table>__<path>})
 * @param runId the run that rejected it
 * @param fileKey the file it came from
 * @param line the line its record starts on
 * @param column the column whose value was refused; null when the row as a whole was (a duplicate key)
 * @param rawValue the refused value as the file had it; null for NULL or without a column
 * @param reason why
 * @param rejectedAt when
 * @param dealtWith null while it is open; {@code resolved} when an operator resolved it ({@code lakeload rejects
 *     --resolve}); {@code reloaded} when a later run loaded its file again
 */
public record RecordedReject(String table, String runId, String fileKey, long line, String column, String rawValue,
                             String reason, Instant rejectedAt, String dealtWith) {
    public RecordedReject {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(fileKey, "fileKey");
    }
}
