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
     * @throws DataException naming the first file some of whose records are missing from staging
     */
    static void requireStaged(Connection connection, TableSpec table, StagedLoad staged) throws SQLException {
        List<String> parts = new ArrayList<>();
        for (StagedRelation relation : staged.relations()) {
            if (relation.schema().isMain()) {
                parts.add(records(relation.table()));
            }
        }
        if (staged.rejectsTable() != null) {
            parts.add(records(staged.rejectsTable()));
        }
        Map<Integer, Long> counted = new HashMap<>();
        if (!parts.isEmpty()) {
            // Without transformers each record is one staged row or one reject, so the cheap UNION ALL counts
            // records; a transformer may make several rows (or a row and a reject) of one record.
            String union = table.transformers().isEmpty() ? " UNION ALL " : " UNION ";
            String sql = "SELECT file, count(*) FROM (" + String.join(union, parts) + ") r GROUP BY file";
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    counted.put(rs.getInt(1), rs.getLong(2));
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
    }

    private static String records(StagingTable table) {
        return "SELECT " + StagingShape.file("s") + " AS file, " + StagingShape.line("s") + " FROM "
                + Sql.qualified(table.schema(), table.name()) + " s";
    }

    /**
     * The staged rows that were neither written nor rejected: 0 for modes that insert every kept row.
     *
     * @param main the loaded table's staged rows
     * @param written the rows the mode's statements wrote to the loaded table, as the database counted them
     * @throws DataException when the database wrote fewer rows than it was given (a trigger or rule that skips
     *     rows), or more
     */
    static long merged(Connection connection, TableSpec table, StagedTarget main, long written) throws SQLException {
        long kept;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + main.stage() + " s WHERE "
                     + main.kept("s"))) {
            rs.next();
            kept = rs.getLong(1);
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
