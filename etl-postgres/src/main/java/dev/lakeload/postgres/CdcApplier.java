package dev.lakeload.postgres;

import dev.lakeload.core.DataException;
import dev.lakeload.core.config.TableSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * {@code cdc}: applies AWS DMS output so that the loaded table equals the source. The last staged row of each key
 * in load order (full-load files by counter, change files by time, then line: {@link StagedTarget#latestPerKey})
 * decides: an {@code I} or {@code U}, or a full-load row (no {@code Op}), inserts the key or updates its row as
 * {@link UpsertApplier} does, so a {@code U} of an unknown key inserts and a re-delivered {@code I} updates; a
 * {@code D} deletes the row with that key and its children, using the key only. The commit timestamp orders
 * nothing.
 */
final class CdcApplier implements Applier {
    private static final String DELETE = StagingShape.op("s") + " = 'D'";

    private final UpsertApplier all = new UpsertApplier();
    private final UpsertApplier writes = new UpsertApplier(StagingShape.op("s") + " IS DISTINCT FROM 'D'");

    @Override
    public List<String> mergeKey(TableSpec table) {
        return table.primaryKey();
    }

    @Override
    public long apply(Connection connection, TableSpec table, List<StagedTarget> targets) throws SQLException {
        StagedTarget main = targets.get(0);
        if (main.relation().schema().indexOf(StagingShape.OP) < 0) {
            return all.apply(connection, table, targets); // only full-load files without Op: inserts
        }
        requireKnownOps(connection, main);
        long written = writes.apply(connection, table, targets);
        try (Statement statement = connection.createStatement()) {
            return written + statement.executeLargeUpdate("DELETE FROM " + main.table() + " t USING "
                    + main.latestPerKey(table.primaryKey()) + " s WHERE " + DELETE + " AND "
                    + main.sameKey(table.primaryKey(), "t", "s"));
        }
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
