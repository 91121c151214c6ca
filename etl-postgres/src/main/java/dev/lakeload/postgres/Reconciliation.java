package dev.lakeload.postgres;

import dev.lakeload.core.DataException;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.staging.StagedFile;
import dev.lakeload.core.staging.StagedLoad;
import dev.lakeload.core.staging.StagedRelation;
import dev.lakeload.core.staging.StagingTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks in the promotion's transaction, before it commits, that every record read is accounted for:
 * {@code read = loaded + rejected + dropped + merged}. Two checks, each against what the database itself counts:
 * <ol>
 *   <li>per file, before the apply: the records the reader read less those the transformers dropped are all in
 *       staging, as a row of the loaded table or a reject ({@link #requireStaged});</li>
 *   <li>per table, after the apply: the staged rows of the loaded table that are not rejects were all written
 *       ({@code append}, {@code replace}), or were written or merged ({@code upsert}, {@code cdc}: merged rows are
 *       those a later row of their key won over, or that the table already had as they are, or deletes of keys
 *       it did not have), never more ({@link #merged}).</li>
 * </ol>
 * A record is one row of the loaded table; child-table rows are not records. Stateless.
 */
final class Reconciliation {
    private Reconciliation() {
    }

    /**
     * @return the loaded table's staged rows as the database counted them (for {@link #merged}), or -1 when a
     *     transformer may have made several rows of one record, so that records were counted instead
     * @throws DataException naming the first file some of whose records are missing from staging
     */
    static long requireStaged(Connection connection, TableSpec table, StagedLoad staged) throws SQLException {
        // Without transformers each record is one staged row or one reject, so the cheap UNION ALL counts records
        // (and the rows among them); a transformer may make several rows (or a row and a reject) of one record.
        boolean rowPerRecord = table.transformers().isEmpty();
        List<String> parts = new ArrayList<>();
        for (StagedRelation relation : staged.relations()) {
            if (relation.schema().isMain()) {
                parts.add(records(relation.table(), rowPerRecord));
            }
        }
        if (staged.rejectsTable() != null) {
            parts.add(records(staged.rejectsTable(), false));
        }
        Map<Integer, Long> counted = new HashMap<>();
        long rows = 0;
        if (!parts.isEmpty()) {
            String sql = rowPerRecord
                    ? "SELECT file, count(*), count(*) FILTER (WHERE staged) FROM (" + String.join(" UNION ALL ", parts)
                    + ") r GROUP BY file"
                    : "SELECT file, count(*), 0 FROM (" + String.join(" UNION ", parts) + ") r GROUP BY file";
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    counted.put(rs.getInt(1), rs.getLong(2));
                    rows += rs.getLong(3);
                }
            }
        }
        for (StagedFile file : staged.files()) {
            long expected = file.rowsRead() - file.rowsDropped();
            long found = counted.getOrDefault(file.ordinal(), 0L);
            if (found != expected) {
                throw new DataException(file.file().key(), 0, null, "records do not reconcile: " + file.rowsRead()
                        + " read, " + file.rowsDropped() + " dropped by transformers, so " + expected + " should be "
                        + "in staging as rows or rejects, and the database has " + found + "; nothing was loaded. "
                        + "Run again; if it persists, report it with this file");
            }
        }
        return rowPerRecord ? rows : -1;
    }

    /** The file and line of each row of {@code table}, with whether it is a staged row rather than a reject. */
    private static String records(StagingTable table, boolean stagedRow) {
        return "SELECT " + StagingShape.file("s") + " AS file, " + StagingShape.line("s") + ", " + stagedRow
                + " AS staged FROM " + Sql.qualified(table.schema(), table.name()) + " s";
    }

    /**
     * The staged rows that were neither written nor rejected: 0 for modes that insert every kept row.
     *
     * @param main the loaded table's staged rows
     * @param written the rows the mode's statements wrote to the loaded table, as the database counted them
     * @param staged what {@link #requireStaged} returned: when no staged row became a reject since, the rows to
     *     write, and staging is not read again
     * @param noRejects whether no staged row is a reject
     * @throws DataException when the database wrote fewer rows than it was given (a trigger or rule that skips
     *     rows), or more
     */
    static long merged(Connection connection, TableSpec table, StagedTarget main, long written, long staged,
                       boolean noRejects) throws SQLException {
        long kept = staged;
        if (kept < 0 || !noRejects) {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + main.stage() + " s WHERE "
                         + main.kept("s"))) {
                rs.next();
                kept = rs.getLong(1);
            }
        }
        boolean merges = table.mode() == LoadMode.UPSERT || table.mode() == LoadMode.CDC;
        if (merges ? written > kept : written != kept) {
            throw new DataException(null, 0, null, "rows do not reconcile: " + kept + " staged row(s) were to "
                    + (merges ? "be merged into " : "be inserted into ") + main.qualifiedName() + " (mode "
                    + table.mode().name().toLowerCase(Locale.ROOT) + ") and the database wrote " + written
                    + "; nothing was loaded. A trigger or rule on the table that skips or adds rows does this: "
                    + "drop it, or load into a table without it");
        }
        return kept - written;
    }
}
