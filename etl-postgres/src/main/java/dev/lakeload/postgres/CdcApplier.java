package dev.lakeload.postgres;

import dev.lakeload.core.DataException;
import dev.lakeload.core.config.TableSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code cdc}: applies AWS DMS output so that the loaded table equals the source. The last staged row of each key
 * in load order (full-load files by counter, change files by time, then line: {@link StagedTarget#latestPerKey})
 * decides: an {@code I} or {@code U}, or a full-load row (no {@code Op}), inserts the key or updates its row as
 * {@link UpsertApplier} does, so a {@code U} of an unknown key inserts and a re-delivered {@code I} updates; a
 * {@code D} deletes the row with that key and its children, using the key only. The commit timestamp orders
 * nothing.
 *
 * <p>Each apply also counts the updates of keys the table did not have and that no earlier row of the load
 * inserted ({@link #notes()}): DMS writes a primary-key change as a {@code U} of the new key only, so the row
 * with the old key stays behind, and only these updates show it.
 */
final class CdcApplier implements Applier {
    private static final String DELETE = StagingShape.op("s") + " = 'D'";
    private static final int EXAMPLES = 5;

    private final UpsertApplier all = new UpsertApplier();
    private final UpsertApplier writes = new UpsertApplier(StagingShape.op("s") + " IS DISTINCT FROM 'D'");

    private List<String> notes = List.of();

    @Override
    public List<String> mergeKey(TableSpec table) {
        return table.primaryKey();
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public long apply(Connection connection, TableSpec table, List<StagedTarget> targets) throws SQLException {
        StagedTarget main = targets.get(0);
        if (main.relation().schema().indexOf(StagingShape.OP) < 0) {
            notes = List.of();
            return all.apply(connection, table, targets); // only full-load files without Op: inserts
        }
        requireKnownOps(connection, main);
        notes = unknownUpdates(connection, table, main);
        long written = writes.apply(connection, table, targets);
        try (Statement statement = connection.createStatement()) {
            return written + statement.executeLargeUpdate("DELETE FROM " + main.table() + " t USING "
                    + main.latestPerKey(table.primaryKey()) + " s WHERE " + DELETE + " AND "
                    + main.sameKey(table.primaryKey(), "t", "s"));
        }
    }

    /** A condition true when the staged rows {@code a} and {@code b} have the same key, as the target compares. */
    private static String sameStagedKey(List<String> key, StagedTarget main, String a, String b) {
        return key.stream().map(k -> main.value(k, a) + " = " + main.value(k, b)).collect(Collectors.joining(" AND "));
    }

    /**
     * Notes the {@code U} rows whose key the table did not have and that no earlier row of the load inserted (a
     * full-load row or an {@code I}): each is either a primary-key change at the source, whose old row stays, or
     * an insert that never arrived. They are applied as inserts; the note counts the keys
     * and names a few, with file and line.
     */
    private static List<String> unknownUpdates(Connection connection, TableSpec table, StagedTarget main)
            throws SQLException {
        List<String> key = table.primaryKey();
        String keys = key.stream().map(k -> main.value(k, "u")).collect(Collectors.joining(", "));
        String sql = "SELECT count(*) OVER (), f.file_key, " + StagingShape.line("u") + ", "
                + key.stream().map(k -> "u." + Sql.ident(k)).collect(Collectors.joining(", "))
                + " FROM (SELECT DISTINCT ON (" + keys + ") u.* FROM " + main.stage() + " u WHERE " + main.kept("u")
                + " AND " + StagingShape.op("u") + " = 'U' AND NOT EXISTS (SELECT 1 FROM " + main.table() + " t WHERE "
                + main.sameKey(key, "t", "u") + ") AND NOT EXISTS (SELECT 1 FROM " + main.stage() + " e WHERE "
                + main.kept("e") + " AND " + StagingShape.op("e") + " IS DISTINCT FROM 'U' AND "
                + StagingShape.op("e") + " IS DISTINCT FROM 'D' AND " + sameStagedKey(key, main, "e", "u") + " AND ("
                + StagingShape.loadOrder("e") + ") < (" + StagingShape.loadOrder("u") + ")) ORDER BY "
                + keys + ", " + StagingShape.loadOrder("u") + ") u JOIN " + main.filesTable() + " f ON f.ordinal = "
                + StagingShape.file("u") + " ORDER BY " + StagingShape.loadOrder("u") + " LIMIT " + EXAMPLES;
        long count = 0;
        List<String> examples = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                count = rs.getLong(1);
                List<String> values = new ArrayList<>();
                for (int i = 0; i < key.size(); i++) {
                    values.add(key.get(i) + "=" + rs.getString(4 + i));
                }
                examples.add(String.join(", ", values) + " (" + rs.getString(2) + ", line " + rs.getLong(3) + ")");
            }
        }
        if (count == 0) {
            return List.of();
        }
        return List.of(count + " update(s) of a key the table did not have and no earlier row of this load "
                + "inserted, applied as inserts: either the source changed the primary key (DMS writes the new key "
                + "only, so the row with the old key is still in the table: find and delete it, or reload the table "
                + "from a new full load) or the insert never reached the files. "
                + (count > examples.size() ? "First " + examples.size() + ": " : "Keys: ")
                + String.join("; ", examples));
    }

    /**
     * Refuses an {@code Op} other than {@code I}, {@code U} and {@code D}: the fields are not what the manifest says.
     *
     * @throws DataException naming the first such row's file and line
     */
    private static void requireKnownOps(Connection connection, StagedTarget main) throws SQLException {
        String sql = "SELECT f.file_key, " + StagingShape.line("s") + ", " + StagingShape.op("s") + " FROM "
                + main.stage() + " s JOIN " + main.filesTable() + " f ON f.ordinal = " + StagingShape.file("s")
                + " WHERE " + StagingShape.op("s") + " NOT IN ('I', 'U', 'D') ORDER BY "
                + StagingShape.loadOrder("s") + " LIMIT 1";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (rs.next()) {
                throw new DataException(rs.getString(1), rs.getLong(2), "Op", "'" + rs.getString(3) + "' is not a "
                        + "DMS operation (I, U or D), so nothing was loaded. The first field of a change record is "
                        + "its Op: check cdc.includeOpForFullLoad, cdc.operations and cdc.timestampColumn against the "
                        + "DMS task's IncludeOpForFullLoad, CdcInsertsOnly, CdcInsertsAndUpdates and "
                        + "TimestampColumnName, and the table's columns");
            }
        }
    }
}
